using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Server.Quality.Transcription;

namespace VoiceFlow.Server.Tests.Quality.Transcription;

/// <summary>A bare host with only <see cref="TranscriptionSetup.AddTranscription"/>, started like the server starts.</summary>
internal static class TranscriptionHost
{
    public const int SampleRate = 16_000;

    /// <summary>
    /// A tiny ggml model kept next to the repository for tests: it loads and runs like a real one but recognizes nothing.
    /// <c>VOICEFLOW_TEST_ASR_MODEL</c> points elsewhere (e.g. a real model).
    /// </summary>
    public static string TestModelPath { get; } =
        Environment.GetEnvironmentVariable("VOICEFLOW_TEST_ASR_MODEL") is { Length: > 0 } path
            ? path
            : Path.GetFullPath(Path.Combine(
                typeof(TranscriptionHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
                "..", "shared", "models", "for-tests-ggml-tiny.en.bin"));

    public static string RequireTestModel()
    {
        if (!File.Exists(TestModelPath))
        {
            Assert.Skip($"No Whisper test model at {TestModelPath}: set VOICEFLOW_TEST_ASR_MODEL to a ggml model file.");
        }

        return TestModelPath;
    }

    public static async Task<IHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.Services.AddLogging();
        builder.Services.AddTranscription(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static Task<IHost> StartWithTestModelAsync(int maxConcurrency = 1) => StartAsync(
        ("Quality:Asr:ModelPath", RequireTestModel()),
        ("Quality:Asr:MaxConcurrency", maxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Quality:Asr:Threads", "1"));

    public static ITranscriber Transcriber(this IHost host) => host.Services.GetRequiredService<ITranscriber>();

    /// <summary>A hum under noise: something to decode, the way a take without clear words is.</summary>
    public static float[] Audio(double seconds)
    {
        var durationMs = seconds * 1000;
        var pcm = TestSignals.Add(TestSignals.Sine(220, durationMs, SampleRate, -12), TestSignals.WhiteNoise(durationMs, SampleRate, -30));
        var samples = new float[pcm.Length];
        Pcm16.ToFloats(pcm, samples);
        return samples;
    }
}
