using System.Diagnostics;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Synthesis.Espeak.Processes;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// The embedded espeak-ng engine on its own, in this process (no hub, no network): M streams synthesizing the
/// 20-word sentence with the single synthesis loop (<c>--processes 0</c>) or a pool of engine processes
/// (<c>--processes N</c>, as <c>Tts:Engine:Processes</c>). Time to first audio, whole request, real-time factor, and
/// the CPU the engine used. Needs no VoiceFlow server.
/// </summary>
public static class EngineScenario
{
    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        int streams = options.Streams ?? 50;
        int processes = options.Processes;
        string name = (processes == 0 ? "engine, one synthesis loop" : $"engine, pool of {processes} processes") + (options.Paced ? ", paced" : "");
        var report = ctx.NewReport(name, streams);
        var engine = await StartAsync(processes, ctx.Cancellation);
        try
        {
            await RunAsync(ctx, engine, name, report, streams);
        }
        finally
        {
            if (engine is IAsyncDisposable pool)
            {
                await pool.DisposeAsync();
            }
            else
            {
                engine.Dispose();
            }
        }
    }

    private static async Task RunAsync(RunContext ctx, ISpeechEngine engine, string name, ScenarioReport report, int streams)
    {
        var options = ctx.Options;
        var measure = new MeasureWindow();
        var firstAudio = report.Add(new Metric("time to first audio", measure));
        var requests = report.Add(new Metric("request (to last chunk)", measure));
        long samples = 0;
        var pool = engine as EspeakProcessPool;
        string text = options.Text ?? TtsScenario.DefaultText;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        var tasks = Enumerable.Range(0, streams).Select(_ => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(options.Paced ? 6000 : 200), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            while (!stop.IsCancellationRequested)
            {
                long started = Stopwatch.GetTimestamp();
                long received = 0;
                bool measured = measure.Active;
                try
                {
                    await foreach (var chunk in engine.SynthesizeAsync(text, options.Voice, cancellationToken: stop.Token))
                    {
                        if (received == 0 && chunk.Samples.Length > 0)
                        {
                            firstAudio.RecordSince(started);
                        }

                        received += chunk.Samples.Length;
                    }

                    requests.RecordSince(started);
                    if (measured && measure.Active)
                    {
                        Interlocked.Add(ref samples, received);
                    }

                    if (options.Paced)
                    {
                        var playing = TimeSpan.FromSeconds((double)received / engine.SampleRate) - Stopwatch.GetElapsedTime(started);
                        if (playing > TimeSpan.Zero)
                        {
                            await Task.Delay(playing, stop.Token);
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (SpeechEngineException e)
                {
                    requests.Error(e.Code);
                }
            }
        })).ToList();

        var cpuBefore = EngineCpu(pool);
        await using (new Progress(name, [firstAudio, requests], () => $"{samples / (double)engine.SampleRate / Math.Max(1, measure.Seconds):0} s audio/s"))
        {
            await ctx.RunWindowAsync(measure, report);
        }

        var cpu = EngineCpu(pool) - cpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        double seconds = Math.Max(0.001, report.MeasuredSeconds);
        report.Note("audio seconds per second (x real time)", samples / (double)engine.SampleRate / seconds, "0.0");
        if (pool is not null)
        {
            report.Note("engine processes' CPU", $"{cpu.TotalSeconds:0.0} s ({cpu.TotalSeconds / seconds:0.00} cores)");
        }

        report.Note("request", $"{text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} words, voice {options.Voice}, "
            + (options.Paced ? "paced: next request when the audio has played" : "back to back"));
    }

    private static async Task<ISpeechEngine> StartAsync(int processes, CancellationToken cancellationToken)
    {
        if (processes == 0)
        {
            return new EspeakEngine();
        }

        var host = Path.Combine(AppContext.BaseDirectory, "VoiceFlow.TtsWorker.dll");
        var dotnet = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var pool = await EspeakProcessPool.StartAsync(
            new EspeakProcessPoolOptions
            {
                Processes = processes,
                StartInfo = () => EspeakEngineHost.StartInfo(dotnet, host),
            },
            cancellationToken);
        return pool;
    }

    private static TimeSpan EngineCpu(EspeakProcessPool? pool) => pool is null
        ? TimeSpan.Zero
        : pool.ProcessIds.Aggregate(TimeSpan.Zero, (sum, id) =>
        {
            try
            {
                using var process = Process.GetProcessById(id);
                return sum + process.TotalProcessorTime;
            }
            catch (ArgumentException)
            {
                return sum;
            }
        });
}
