using System.Runtime.InteropServices;

namespace VoiceFlow.Server.Infrastructure.Threading;

/// <summary>
/// Lowers the calling thread's scheduling priority. .NET's <see cref="Thread.Priority"/> does nothing on Linux, where
/// the nice value is a per-thread attribute that any thread may raise for itself (lower its priority) unprivileged.
/// </summary>
internal static class ThreadNice
{
    private const int PrioProcess = 0;

    public static void LowerCurrentThread(int nice)
    {
        if (OperatingSystem.IsLinux())
        {
            // who = 0 is the calling thread. A failure leaves the thread at normal priority, which is still correct.
            _ = SetPriority(PrioProcess, 0, nice);
        }
        else if (nice > 0)
        {
            Thread.CurrentThread.Priority = nice >= 10 ? ThreadPriority.Lowest : ThreadPriority.BelowNormal;
        }
    }

    // Plain DllImport: the arguments are blittable, so no marshalling code (and no unsafe project) is needed.
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int prio);
}
