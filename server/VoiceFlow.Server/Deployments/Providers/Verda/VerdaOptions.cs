namespace VoiceFlow.Server.Deployments;

/// <summary>The <c>verda</c> provider: Verda (formerly DataCrunch) serverless containers running the TtsWorker image.</summary>
public sealed class VerdaOptions
{
    public string BaseUrl { get; set; } = "https://api.datacrunch.io/v1";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Key sent as a bearer token to the deployment's endpoint (Verda's inference key), for the check synthesis.</summary>
    public string InferenceKey { get; set; } = "";

    /// <summary>The TtsWorker image (built from server/VoiceFlow.TtsWorker/Dockerfile).</summary>
    public string Image { get; set; } = "ghcr.io/voiceflow/tts-worker:latest";

    public int Port { get; set; } = 8000;

    public bool Spot { get; set; }

    /// <summary>Replicas for <c>serverless</c> deployments (min, max); <c>raw_compute</c> runs exactly one.</summary>
    public int ServerlessMinReplicas { get; set; } = 1;

    public int ServerlessMaxReplicas { get; set; } = 3;

    /// <summary>Status polling starts at the minimum and backs off (doubling) to the maximum while nothing changes.</summary>
    public TimeSpan PollMinimum { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PollMaximum { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests answered 429 are retried after Retry-After (capped here) this many times.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
