using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceFlow.Server.Accounts;

namespace VoiceFlow.Server.Teams;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> team)
    {
        team.Property(t => t.Name).HasMaxLength(100);
        team.Property(t => t.Plan).HasConversion<string>().HasMaxLength(20);
        team.HasMany(t => t.Members).WithOne(m => m.Team).HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> member)
    {
        member.HasKey(m => new { m.TeamId, m.UserId });
        member.HasIndex(m => m.UserId);
        member.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        member.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
