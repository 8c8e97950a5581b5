namespace VoiceFlow.Server.Deployments;

/// <summary>The <c>local</c> provider: TtsWorker processes on the server's own machine, on loopback ports.</summary>
public sealed class LocalProviderOptions
{
    /// <summary>
    /// Path of VoiceFlow.TtsWorker.dll. Empty: next to the server, then the worker project's build output
    /// (<c>server/VoiceFlow.TtsWorker/bin/...</c>) found by walking up from the server's folder.
    /// </summary>
    public string WorkerPath { get; set; } = "";

    /// <summary>The dotnet host that runs the worker. Empty: the one running the server.</summary>
    public string DotnetPath { get; set; } = "";

    /// <summary>Address the worker listens on; keep it loopback.</summary>
    public string Host { get; set; } = "127.0.0.1";
}
