using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceFlow.Server.Quality;

internal sealed class AnalysisJobConfiguration : IEntityTypeConfiguration<AnalysisJob>
{
    public void Configure(EntityTypeBuilder<AnalysisJob> job)
    {
        job.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        job.Property(j => j.LockedBy).HasMaxLength(100);
        job.Property(j => j.LastError).HasMaxLength(2000);
        job.HasIndex(j => new { j.Status, j.RunAfter });
        job.HasIndex(j => j.RecordingId).IsUnique();
        job.HasOne<Recording.Recording>().WithOne().HasForeignKey<AnalysisJob>(j => j.RecordingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordingAssessmentConfiguration : IEntityTypeConfiguration<RecordingAssessment>
{
    public void Configure(EntityTypeBuilder<RecordingAssessment> assessment)
    {
        assessment.HasKey(a => a.RecordingId);
        assessment.Property(a => a.Transcript).HasMaxLength(2000);
        assessment.Property(a => a.AsrModel).HasMaxLength(100);
        assessment.Property(a => a.RejectionReason).HasMaxLength(500);
        assessment.Property(a => a.DecisionCode).HasMaxLength(40);
        assessment.HasIndex(a => a.PayoutId);
        assessment.HasOne<Recording.Recording>().WithOne().HasForeignKey<RecordingAssessment>(a => a.RecordingId).OnDelete(DeleteBehavior.Cascade);
    }
}
