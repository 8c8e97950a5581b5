using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceFlow.Server.Quality;

internal sealed class AnalysisJobConfiguration : IEntityTypeConfiguration<AnalysisJob>
{
    public void Configure(EntityTypeBuilder<AnalysisJob> job)
    {
        job.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        job.HasIndex(j => new { j.Status, j.RunAfter });
        job.HasIndex(j => j.RecordingId).IsUnique();
        job.HasOne<Recording.Recording>().WithOne().HasForeignKey<AnalysisJob>(j => j.RecordingId).OnDelete(DeleteBehavior.Cascade);
    }
}
