using VoiceFlow.Server.Infrastructure.Threading;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

public sealed class WorkPollingTests
{
    [Fact]
    public void An_idle_thread_backs_off_to_short_sleeps_then_after_two_idle_seconds_to_long_ones_and_starts_over_after_work()
    {
        var clock = new ManualClock();
        var sleeps = new List<int>();
        var workAt = new HashSet<int> { 0, 1, 400 };
        var polls = 0;

        WorkPolling.Run(
            runOne: () => workAt.Remove(polls++),
            stopRequested: () => polls > 420,
            clock,
            sleep: ms =>
            {
                sleeps.Add(ms);
                clock.Now += TimeSpan.FromMilliseconds(ms);
            });

        // Eight polls at each of 1, 2, 4 and 8 ms, then 16 ms until two seconds have passed idle.
        int[] backOff = [.. Enumerable.Repeat(1, 8), .. Enumerable.Repeat(2, 8), .. Enumerable.Repeat(4, 8), .. Enumerable.Repeat(8, 8)];
        Assert.Equal(backOff, sleeps.Take(32));
        var shortIdle = sleeps.Skip(32).TakeWhile(ms => ms == WorkPolling.ShortSleepMs).Count();
        Assert.Equal(2000, 120 + (shortIdle * WorkPolling.ShortSleepMs), tolerance: WorkPolling.ShortSleepMs);
        Assert.All(sleeps.Skip(32 + shortIdle).Take(400 - 2 - 32 - shortIdle), ms => Assert.Equal(WorkPolling.LongIdleSleepMs, ms));

        // The work at poll 400 resets the back-off.
        Assert.Equal(backOff[..(sleeps.Count - 398)], sleeps.Skip(398));
    }

    [Fact]
    public void Work_found_is_run_before_a_stop_is_honoured()
    {
        var queued = new Queue<int>([1, 2, 3]);
        var done = new List<int>();

        WorkPolling.Run(
            runOne: () =>
            {
                if (!queued.TryDequeue(out var item))
                {
                    return false;
                }

                done.Add(item);
                return true;
            },
            stopRequested: () => true,
            new ManualClock(),
            sleep: _ => Assert.Fail("a thread told to stop does not sleep"));

        Assert.Equal([1, 2, 3], done);
    }
}
