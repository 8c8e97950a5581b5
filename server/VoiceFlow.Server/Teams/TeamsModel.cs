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

internal sealed class TeamInvitationConfiguration : IEntityTypeConfiguration<TeamInvitation>
{
    public void Configure(EntityTypeBuilder<TeamInvitation> invitation)
    {
        invitation.HasIndex(i => i.TokenHash).IsUnique();
        invitation.HasIndex(i => new { i.TeamId, i.Email });
        invitation.Property(i => i.Email).HasMaxLength(254);
        invitation.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
        invitation.HasOne<Team>().WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
