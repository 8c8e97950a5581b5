using VoiceFlow.Server.Infrastructure.Threading;

namespace VoiceFlow.Server.Tests.Hosting;

public sealed class LowPrioritySchedulerTests
{
    [Fact]
    public async Task Work_and_its_continuations_run_on_the_scheduler_threads_at_the_given_nice_value()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Thread nice values are read from /proc on Linux.");
        using var scheduler = new LowPriorityScheduler("test scoring", threads: 1, nice: 7);
        var seen = new List<(string? Thread, int Nice)>();

        await scheduler.Run(async () =>
        {
            seen.Add((Thread.CurrentThread.Name, CurrentThreadNice()));
            await Task.Delay(10, TestContext.Current.CancellationToken);
            seen.Add((Thread.CurrentThread.Name, CurrentThreadNice()));
        }, TestContext.Current.CancellationToken);

        Assert.Equal([("test scoring 1", 7), ("test scoring 1", 7)], seen);
        Assert.Equal(0, CurrentThreadNice());
    }

    [Fact]
    public async Task At_the_lowest_nice_value_work_runs_under_the_idle_scheduling_policy_so_any_woken_thread_preempts_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Scheduling policies are read from /proc on Linux.");
        using var scheduler = new LowPriorityScheduler("test storage", threads: 1, nice: 19);
        (int Nice, int Policy) seen = default;

        await scheduler.Run(() =>
        {
            seen = (CurrentThreadNice(), CurrentThreadPolicy());
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);

        const int schedIdle = 5;
        Assert.Equal((19, schedIdle), seen);
        Assert.Equal(0, CurrentThreadPolicy());
    }

    [Fact]
    public async Task No_more_tasks_run_at_once_than_it_has_threads()
    {
        using var scheduler = new LowPriorityScheduler("test scoring", threads: 2, nice: 0);
        var running = 0;
        var most = 0;
        var gate = new object();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => scheduler.Run(() =>
        {
            lock (gate)
            {
                most = Math.Max(most, ++running);
            }

            Thread.Sleep(30);
            lock (gate)
            {
                running--;
            }

            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(2, most);
    }

    private static int CurrentThreadNice() => CurrentThreadStat(19);

    private static int CurrentThreadPolicy() => CurrentThreadStat(41);

    // A field of /proc/thread-self/stat, numbered as in proc(5); the command name (field 2) may hold spaces, so count
    // from its closing ')'.
    private static int CurrentThreadStat(int field)
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[field - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
