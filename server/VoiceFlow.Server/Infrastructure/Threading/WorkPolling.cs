namespace VoiceFlow.Server.Infrastructure.Threading;

/// <summary>
/// The loop of a thread that runs below the hubs' priority and looks for work instead of being woken for it. Waking a
/// sleeping thread means a lock that both sides take (a semaphore's, a blocking collection's); a low-priority thread
/// preempted while it holds that lock, which under load is often, would hold up every hub thread that hands it work.
/// With a lock-free queue and this loop, handing work over is one enqueue that never waits.
/// </summary>
internal static class WorkPolling
{
    /// <summary>How long a thread sleeps at most while its last work is recent.</summary>
    public const int ShortSleepMs = 16;

    /// <summary>How long a thread idle for <see cref="LongIdleAfter"/> sleeps, and so how late it may see new work.</summary>
    public const int LongIdleSleepMs = 100;

    public static readonly TimeSpan LongIdleAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Calls <paramref name="runOne"/> until it finds nothing to do and <paramref name="stopRequested"/> holds. With
    /// nothing to do, sleeps 1 ms for the first polls, then 2, 4, 8 and 16 ms, and once idle for two seconds 100 ms: a
    /// busy node's threads follow their work closely, and an idle node wakes each of them ten times a second. Nobody
    /// waits for the first work after a pause that long (storage queues two seconds of a take, scoring is not live).
    /// </summary>
    public static void Run(Func<bool> runOne, Func<bool> stopRequested) => Run(runOne, stopRequested, TimeProvider.System, Thread.Sleep);

    internal static void Run(Func<bool> runOne, Func<bool> stopRequested, TimeProvider clock, Action<int> sleep)
    {
        var idlePolls = 0;
        var idleSince = 0L;
        while (true)
        {
            if (runOne())
            {
                idlePolls = 0;
                continue;
            }

            if (stopRequested())
            {
                return;
            }

            if (idlePolls++ == 0)
            {
                idleSince = clock.GetTimestamp();
            }

            sleep(clock.GetElapsedTime(idleSince) >= LongIdleAfter
                ? LongIdleSleepMs
                : Math.Min(ShortSleepMs, 1 << Math.Min((idlePolls - 1) / 8, 4)));
        }
    }
}
