using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VoiceFlow.Audio.Synthesis.Espeak.Processes;

public sealed class EspeakProcessPoolOptions
{
    /// <summary>Engine processes, each synthesizing one segment at a time.</summary>
    public int Processes { get; init; } = 2;

    /// <summary>
    /// How to start one engine host: a program that runs <see cref="EspeakEngineHost.RunAsync"/> on its standard
    /// input and output (e.g. <c>dotnet VoiceFlow.TtsWorker.dll --espeak-engine-host</c>). Called for every start.
    /// </summary>
    public required Func<ProcessStartInfo> StartInfo { get; init; }

    /// <summary>How long a starting process has to report ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between attempts to replace a process that died.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
