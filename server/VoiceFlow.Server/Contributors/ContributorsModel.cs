using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceFlow.Server.Accounts;

namespace VoiceFlow.Server.Contributors;

internal sealed class ContributorConfiguration : IEntityTypeConfiguration<Contributor>
{
    public void Configure(EntityTypeBuilder<Contributor> contributor)
    {
        contributor.HasKey(c => c.UserId);
        contributor.Property(c => c.Country).HasMaxLength(2);
        contributor.OwnsOne(c => c.VoiceProfile, profile => profile.ToJson());
        contributor.HasOne<User>().WithOne().HasForeignKey<Contributor>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
