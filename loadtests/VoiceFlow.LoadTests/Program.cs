using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;
using VoiceFlow.LoadTests.Scenarios;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (UsageException e)
{
    if (e.Message.Length > 0)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine();
    }

    Console.Error.WriteLine(LoadOptions.Usage);
    return e.Message.Length > 0 ? 2 : 0;
}

Func<RunContext, Task>? scenario = options.Scenario switch
{
    "echo" => EchoScenario.RunAsync,
    "recording" => RecordingScenario.RunAsync,
    "tts" => TtsScenario.RunAsync,
    "engine" => EngineScenario.RunAsync,
    "watch" => WatchScenario.RunAsync,
    "rest" => RestScenario.RunAsync,
    "idle" => IdleScenario.RunAsync,
    "mixed" => MixedScenario.RunAsync,
    "accounts" => AccountsScenario.RunAsync,
    "quality" => QualityScenario.RunAsync,
    _ => null,
};
if (scenario is null)
{
    Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'.");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// Every run is bounded: a hard deadline well past warm-up, duration and set-up, and Ctrl-C stops it early.
using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds((options.Warmup + options.Duration) * 4 + 600));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

// Thousands of connections start at once; let the pool grow without the default slow injection.
ThreadPool.GetMinThreads(out int workers, out int io);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

await using var ctx = new RunContext(options, cancellation.Token);
Console.Error.WriteLine($"VoiceFlow load test: {options.Scenario} against {string.Join(", ", options.Urls)} ({ctx.ProtocolName}), "
    + $"warm-up {options.Warmup} s, {options.Duration} s measured");
int exit = 0;
try
{
    await scenario(ctx);
}
catch (ProvisioningException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    exit = 1;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"error: {e.Message} (is the server running? ./run.sh)");
    exit = 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped");
    exit = 130;
}

foreach (var report in ctx.Reports.Where(r => !r.Printed))
{
    ConsoleReport.Print(report, Console.Out);
}

if (options.TimelineFile is not null && ctx.Timeline is not null)
{
    var start = await ctx.Timeline.WriteCsvAsync(options.TimelineFile);
    Console.Error.WriteLine($"wrote {options.TimelineFile} (second 0 is {start:yyyy-MM-dd HH:mm:ss.fff} UTC)");
}

if (options.JsonFile is not null)
{
    await ConsoleReport.WriteJsonAsync(options.JsonFile, ctx.Reports, args);
    Console.Error.WriteLine($"wrote {options.JsonFile}");
}

return exit;
