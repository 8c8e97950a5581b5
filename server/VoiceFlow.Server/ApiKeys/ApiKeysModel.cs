using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.ApiKeys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.HasIndex(k => k.Hash).IsUnique();
        key.HasIndex(k => k.TeamId);
        key.Property(k => k.Name).HasMaxLength(100);
        key.Property(k => k.Description).HasMaxLength(500);
        key.Property(k => k.Prefix).HasMaxLength(24);
        key.HasOne<Team>().WithMany().HasForeignKey(k => k.TeamId).OnDelete(DeleteBehavior.Cascade);
        key.HasOne<User>().WithMany().HasForeignKey(k => k.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
