using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Deployments;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> deployment)
    {
        deployment.Property(d => d.Name).HasMaxLength(63);
        deployment.Property(d => d.GpuType).HasMaxLength(50);
        deployment.Property(d => d.DeploymentType).HasMaxLength(20);
        deployment.Property(d => d.Engine).HasMaxLength(50);
        deployment.Property(d => d.Provider).HasMaxLength(20);
        deployment.Property(d => d.Status).HasConversion(s => s.ToWire(), s => DeploymentStates.Parse(s)).HasMaxLength(20);
        deployment.Property(d => d.Message).HasMaxLength(1000);
        deployment.Property(d => d.Endpoint).HasMaxLength(500);
        deployment.Property(d => d.LeaseOwner).HasMaxLength(200);
        deployment.Property(d => d.ProviderHandle).HasColumnType("jsonb");
        // A name is unique in its team among deployments that are not deleted.
        deployment.HasIndex(d => new { d.TeamId, d.Name }).IsUnique().HasFilter("deleted_at IS NULL");
        // What the drivers scan for: deployments still to be driven.
        deployment.HasIndex(d => d.CreatedAt).HasFilter("status NOT IN ('stopped', 'failed')").HasDatabaseName("ix_deployments_active");
        deployment.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.Cascade);
        deployment.HasOne<User>().WithMany().HasForeignKey(d => d.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeploymentEventConfiguration : IEntityTypeConfiguration<DeploymentEvent>
{
    public void Configure(EntityTypeBuilder<DeploymentEvent> e)
    {
        e.HasIndex(x => new { x.DeploymentId, x.Sequence }).IsUnique();
        e.Property(x => x.Status).HasConversion(s => s.ToWire(), s => DeploymentStates.Parse(s)).HasMaxLength(20);
        e.Property(x => x.PreviousStatus).HasConversion(s => s!.Value.ToWire(), s => DeploymentStates.Parse(s)).HasMaxLength(20);
        e.Property(x => x.Message).HasMaxLength(1000);
        e.Property(x => x.Node).HasMaxLength(200);
        e.HasOne<Deployment>().WithMany().HasForeignKey(x => x.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeploymentRunConfiguration : IEntityTypeConfiguration<DeploymentRun>
{
    public void Configure(EntityTypeBuilder<DeploymentRun> run)
    {
        run.HasIndex(r => r.DeploymentId);
        run.HasIndex(r => new { r.TeamId, r.StartedAt });
        run.Property(r => r.GpuType).HasMaxLength(50);
        run.HasOne<Deployment>().WithMany().HasForeignKey(r => r.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeploymentLogLineConfiguration : IEntityTypeConfiguration<DeploymentLogLine>
{
    public void Configure(EntityTypeBuilder<DeploymentLogLine> line)
    {
        line.Property(l => l.Id).UseIdentityAlwaysColumn();
        line.HasIndex(l => new { l.DeploymentId, l.Id });
        line.Property(l => l.Line).HasMaxLength(2000);
        line.HasOne<Deployment>().WithMany().HasForeignKey(l => l.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}
