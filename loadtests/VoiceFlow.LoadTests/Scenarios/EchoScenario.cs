using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// The transport floor on its own, with no VoiceFlow server: real-time streams to the bare echo hub, then group
/// broadcasts to watchers (on two nodes sharing <c>--redis</c> when given).
/// </summary>
public static class EchoScenario
{
    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        int streams = options.Streams ?? 200;
        if (streams > 0)
        {
            var clips = await SpeechClips.CreateAsync(options.SampleRate, options.ChunkMs, options.FeedbackMs);
            var report = ctx.NewReport("echo streams", streams);
            await using var floor = await EchoFloor.StreamsAsync(ctx, report, streams, clips);
            await floor.RunPhaseAsync("echo", TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Duration), ctx.Cancellation);
            floor.Finish();
            ConsoleReport.Print(report, Console.Out);
        }

        int watchers = options.Watchers ?? 1000;
        if (watchers > 0)
        {
            var report = ctx.NewReport("echo broadcast", watchers);
            await EchoFloor.BroadcastAsync(ctx, report, watchers, options.Redis is null ? 1 : 2, options.Redis, options.Rate ?? 1);
        }
    }
}
