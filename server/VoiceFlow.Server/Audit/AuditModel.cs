using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceFlow.Server.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.HasIndex(e => new { e.TeamId, e.At });
        entry.HasIndex(e => new { e.UserId, e.At });
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.ResourceType).HasMaxLength(64);
        entry.Property(e => e.ResourceId).HasMaxLength(64);
        entry.Property(e => e.Ip).HasMaxLength(64);
        entry.Property(e => e.UserAgent).HasMaxLength(512);
    }
}
