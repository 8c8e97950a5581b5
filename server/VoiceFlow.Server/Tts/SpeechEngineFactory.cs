using Microsoft.Extensions.Options;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Synthesis.Espeak.Processes;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Tts;

/// <summary>The embedded engine as <c>Tts:Engine</c> asks: espeak-ng on a thread of the server, or in a pool of processes.</summary>
internal static class SpeechEngineFactory
{
    public static ISpeechEngine Create(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<TtsOptions>>().Value.Engine;
        if (settings.Processes == 0)
        {
            return new EspeakEngine();
        }

        var host = TtsWorkerFiles.FindWorker(settings.HostPath)
            ?? throw new SpeechEngineException(
                SpeechErrorCodes.EngineUnavailable,
                $"{TtsWorkerFiles.WorkerDll} (the engine processes of Tts:Engine:Processes) was not found next to the server nor in "
                + "server/VoiceFlow.TtsWorker/bin. Build it (dotnet build server/VoiceFlow.TtsWorker) or set Tts:Engine:HostPath.");
        var dotnet = TtsWorkerFiles.FindDotnet(settings.DotnetPath);
        var options = new EspeakProcessPoolOptions
        {
            Processes = settings.Processes,
            StartInfo = () => EspeakEngineHost.StartInfo(dotnet, host),
            Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<EspeakProcessPool>(),
        };
        return EspeakProcessPool.StartAsync(options).GetAwaiter().GetResult();
    }
}
