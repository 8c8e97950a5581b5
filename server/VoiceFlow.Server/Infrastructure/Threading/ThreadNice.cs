using System.Runtime.InteropServices;

namespace VoiceFlow.Server.Infrastructure.Threading;

/// <summary>
/// Lowers the calling thread's scheduling priority. .NET's <see cref="Thread.Priority"/> does nothing on Linux, where
/// the nice value is a per-thread attribute that any thread may raise for itself (lower its priority) unprivileged.
/// </summary>
internal static class ThreadNice
{
    /// <summary>
    /// The lowest nice value, which here also puts the thread under Linux's <c>SCHED_IDLE</c> policy. Under a nice value
    /// alone the kernel may let a low-priority thread finish its time slice before a woken hub thread gets the core;
    /// under <c>SCHED_IDLE</c> any normal thread that wakes takes it at once. Such a thread still gets a small share of
    /// a saturated CPU, so it is slowed, never stopped.
    /// </summary>
    private const int IdleOnly = 19;

    private const int PrioProcess = 0;
    private const int SchedIdle = 5;

    public static void LowerCurrentThread(int nice)
    {
        if (OperatingSystem.IsLinux())
        {
            // who/pid = 0 is the calling thread. A failure leaves the thread at a higher priority, which is still correct.
            _ = SetPriority(PrioProcess, 0, nice);
            if (nice >= IdleOnly)
            {
                int unusedStaticPriority = 0;
                _ = SetScheduler(0, SchedIdle, ref unusedStaticPriority);
            }
        }
        else if (nice > 0)
        {
            Thread.CurrentThread.Priority = nice >= 10 ? ThreadPriority.Lowest : ThreadPriority.BelowNormal;
        }
    }

    // Plain DllImport: the arguments are blittable, so no marshalling code (and no unsafe project) is needed.
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    private static extern int SetScheduler(int pid, int policy, ref int staticPriority);
}
