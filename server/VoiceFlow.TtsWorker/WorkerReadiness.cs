namespace VoiceFlow.TtsWorker;

/// <summary>Whether the worker has proved it can synthesize; what /health reports.</summary>
public sealed class WorkerReadiness
{
    private volatile string _state = WorkerStates.WarmingUp;
    private volatile string? _error;

    public string State => _state;

    public string? Error => _error;

    public bool IsReady => _state == WorkerStates.Ready;

    public void Ready() => _state = WorkerStates.Ready;

    public void Failed(string error)
    {
        _error = error;
        _state = WorkerStates.Failed;
    }
}

public static class WorkerStates
{
    public const string WarmingUp = "warming_up";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
