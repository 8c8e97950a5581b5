using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceFlow.Server.Contributors;
using VoiceFlow.Server.Recording.Prompts;

namespace VoiceFlow.Server.Recording;

internal sealed class PromptConfiguration : IEntityTypeConfiguration<Prompt>
{
    public void Configure(EntityTypeBuilder<Prompt> prompt)
    {
        prompt.Property(p => p.Text).HasMaxLength(500);
        prompt.Property(p => p.Language).HasMaxLength(35);
        prompt.Property(p => p.Category).HasMaxLength(40);
        prompt.HasIndex(p => new { p.Language, p.Text }).IsUnique();
        prompt.HasIndex(p => new { p.Language, p.Active, p.RecordingCount });
    }
}

internal sealed class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> recording)
    {
        recording.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        recording.Property(r => r.AudioKey).HasMaxLength(200);
        recording.HasIndex(r => new { r.ContributorId, r.PromptId });
        recording.HasIndex(r => new { r.Status, r.CreatedAt });
        recording.HasOne<Contributor>().WithMany().HasForeignKey(r => r.ContributorId).OnDelete(DeleteBehavior.Cascade);
        recording.HasOne<Prompt>().WithMany().HasForeignKey(r => r.PromptId).OnDelete(DeleteBehavior.Restrict);
    }
}
