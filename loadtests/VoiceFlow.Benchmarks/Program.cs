using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// A short job by default (3 warm-up and 5 measured iterations, in process) so that the whole suite takes minutes;
// pass BenchmarkDotNet's own --job option (e.g. --job default) for longer runs.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
if (!args.Contains("--job", StringComparer.OrdinalIgnoreCase) && !args.Contains("-j", StringComparer.OrdinalIgnoreCase))
{
    config = config.AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1)
        .WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
}

BenchmarkSwitcher.FromAssembly(typeof(VoiceFlow.Benchmarks.AnalysisBenchmarks).Assembly).Run(args, config);
