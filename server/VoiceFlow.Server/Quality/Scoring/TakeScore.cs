namespace VoiceFlow.Server.Quality.Scoring;

/// <summary>The components (0-1), the weighted score (0-100) and, when a hard rule applies, the rejection.</summary>
public sealed record TakeScore(
    int Score,
    double SnrDb,
    double Snr,
    double Clarity,
    double? TranscriptMatch,
    double AudioQuality,
    HardReject? Reject);

/// <summary>A rule that rejects a take whatever its score.</summary>
public sealed record HardReject(string Code, string Reason);
