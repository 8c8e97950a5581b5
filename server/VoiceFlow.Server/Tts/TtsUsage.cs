using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceFlow.Server.Tts;

/// <summary>One synthesis request that sent audio, as metered for billing and usage reports.</summary>
public sealed class TtsUsageEvent
{
    public const string Synthesize = "synthesize";
    public const string SynthesizeText = "synthesize_text";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TeamId { get; init; }
    public Guid ApiKeyId { get; init; }

    /// <summary><see cref="Synthesize"/> or <see cref="SynthesizeText"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>"espeak-ng", or "deployment" with <see cref="DeploymentId"/> set.</summary>
    public required string Engine { get; init; }

    public Guid? DeploymentId { get; init; }
    public required string Format { get; init; }

    /// <summary>Characters of text the client sent (the request's text, or everything its text stream sent).</summary>
    public int Characters { get; init; }

    /// <summary>Seconds of audio synthesized (less than the text's when the client cancelled).</summary>
    public double AudioSeconds { get; init; }

    /// <summary>Beyond the plan's monthly requests (served because the plan allows overage).</summary>
    public bool Overage { get; init; }

    /// <summary>When the request started; its calendar month (UTC) is the month it counts in.</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>A team's TTS totals for one calendar month (UTC), kept up to date by the usage writer.</summary>
public sealed class TtsUsageMonthly
{
    public Guid TeamId { get; init; }

    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; init; }

    public long Requests { get; set; }
    public long Characters { get; set; }
    public double AudioSeconds { get; set; }
    public long OverageRequests { get; set; }
}

internal sealed class TtsUsageEventConfiguration : IEntityTypeConfiguration<TtsUsageEvent>
{
    public void Configure(EntityTypeBuilder<TtsUsageEvent> usage)
    {
        // An append-only log without foreign keys: a team or key deleted while its stream runs must not make the batch fail.
        usage.ToTable("tts_usage_events");
        usage.HasIndex(e => new { e.TeamId, e.At });
        usage.HasIndex(e => new { e.ApiKeyId, e.At });
        usage.Property(e => e.Kind).HasMaxLength(32);
        usage.Property(e => e.Engine).HasMaxLength(64);
        usage.Property(e => e.Format).HasMaxLength(16);
    }
}

internal sealed class TtsUsageMonthlyConfiguration : IEntityTypeConfiguration<TtsUsageMonthly>
{
    public void Configure(EntityTypeBuilder<TtsUsageMonthly> monthly)
    {
        monthly.ToTable("tts_usage_monthly");
        monthly.HasKey(m => new { m.TeamId, m.Month });
    }
}
