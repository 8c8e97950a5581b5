using System.Diagnostics;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Synthesis;

namespace VoiceFlow.TtsWorker;

/// <summary>Synthesizes a short sentence at start-up; the worker reports ready only if that produced audio.</summary>
internal sealed partial class WarmUpService(
    IServiceProvider services, WorkerReadiness readiness, IOptions<WorkerOptions> options, ILogger<WarmUpService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var engine = services.GetRequiredService<ISpeechEngine>();
            long samples = 0;
            await foreach (var chunk in engine.SynthesizeAsync(options.Value.WarmUpText, options.Value.DefaultVoice, cancellationToken: stoppingToken))
            {
                samples += chunk.Samples.Length;
            }

            if (samples == 0)
            {
                throw new SpeechEngineException(SpeechErrorCodes.SynthesisFailed, "The warm-up synthesis produced no audio.");
            }

            readiness.Ready();
            LogReady(logger, engine.Name, engine.ListVoices().Count, Pcm16.SamplesToMilliseconds(samples, engine.SampleRate), watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            readiness.Failed(e.Message);
            LogFailed(logger, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Ready: {Engine} with {VoiceCount} voices; warm-up synthesized {AudioMs:0} ms of audio in {ElapsedMs} ms")]
    private static partial void LogReady(ILogger logger, string engine, int voiceCount, double audioMs, long elapsedMs);

    [LoggerMessage(LogLevel.Error, "Warm-up failed, the worker stays unready: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
