namespace VoiceFlow.Server.Infrastructure.Threading;

/// <summary>
/// The loop of a thread that runs below the hubs' priority and looks for work instead of being woken for it. Waking a
/// sleeping thread means a lock that both sides take (a semaphore's, a blocking collection's); a low-priority thread
/// preempted while it holds that lock, which under load is often, would hold up every hub thread that hands it work.
/// With a lock-free queue and this loop, handing work over is one enqueue that never waits.
/// </summary>
internal static class WorkPolling
{
    /// <summary>How long an idle thread sleeps at most, and so how late it may see new work.</summary>
    public const int LongestSleepMs = 16;

    /// <summary>
    /// Calls <paramref name="runOne"/> until it finds nothing to do and <paramref name="stopRequested"/> holds. With
    /// nothing to do, sleeps 1 ms for the first polls, then 2, 4, 8 and 16 ms: a busy node's threads follow their work
    /// closely, and an idle node wakes each of them about sixty times a second.
    /// </summary>
    public static void Run(Func<bool> runOne, Func<bool> stopRequested)
    {
        var idlePolls = 0;
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

            Thread.Sleep(Math.Min(LongestSleepMs, 1 << Math.Min(idlePolls++ / 8, 4)));
        }
    }
}
