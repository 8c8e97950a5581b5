using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceFlow.Server.Accounts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.Email).HasMaxLength(254);
        user.Property(u => u.NormalizedEmail).HasMaxLength(254);
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.Property(u => u.PasswordHash).HasMaxLength(100);
        user.Property(u => u.Name).HasMaxLength(100);
        user.Property(u => u.Company).HasMaxLength(100);
    }
}

internal sealed class OneTimeTokenConfiguration : IEntityTypeConfiguration<OneTimeToken>
{
    public void Configure(EntityTypeBuilder<OneTimeToken> token)
    {
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => new { t.UserId, t.Purpose });
        token.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(30);
        token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
