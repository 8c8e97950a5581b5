using VoiceFlow.LoadTests.Infrastructure;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// Everything at once against one server, as a busy day looks: N contributors recording, N/4 TTS streams, 5N deployment
/// watchers with the driver changing deployments, and 2N REST users. Each part reports its own table.
/// </summary>
public static class MixedScenario
{
    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        int n = options.Streams ?? 50;
        int watchers = options.Watchers ?? n * 5;
        Console.Error.WriteLine($"  mixed: {n} recording streams, {Math.Max(1, n / 4)} tts streams, {watchers} watchers, {n * 2} REST users");
        var watchReport = ctx.NewReport("mixed: watch", watchers);
        await Task.WhenAll(
            RecordingScenario.RunHubAsync(ctx, n, "mixed: recording"),
            TtsScenario.RunAsync(ctx, Math.Max(1, n / 4), "mixed: tts"),
            WatchScenario.RunAsync(ctx, watchReport, watchers, drive: true, window: null),
            RestScenario.RunAsync(ctx, n * 2, "mixed: rest", null));
    }
}
