using Microsoft.Extensions.Logging.Console;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Synthesis.Espeak.Processes;

namespace VoiceFlow.TtsWorker;

/// <summary>
/// The TTS worker: <c>dotnet VoiceFlow.TtsWorker.dll --urls http://0.0.0.0:8000 [--parent-pid N]</c>.
/// Serves <c>POST /v1/audio/speech</c> (OpenAI-compatible, streamed), <c>GET /v1/voices</c> and <c>GET /health</c>
/// (503 until a warm-up synthesis has succeeded). Logs go to stdout, one line each.
/// With <c>--espeak-engine-host</c> it is instead one process of a server's espeak-ng pool, speaking the pool's
/// protocol on standard input and output.
/// </summary>
public static class WorkerProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains(EspeakEngineHost.Switch))
        {
            return await EspeakEngineHost.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput());
        }

        var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection(WorkerOptions.Section));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WorkerJson.Default));
        services.AddSingleton<WorkerReadiness>();
        services.AddSingleton<ISpeechEngine>(_ => new EspeakEngine());
        services.AddHostedService<WarmUpService>();
        services.AddHostedService<ParentProcessWatchdog>();

        var app = builder.Build();
        app.MapSpeech();
        return app;
    }
}
