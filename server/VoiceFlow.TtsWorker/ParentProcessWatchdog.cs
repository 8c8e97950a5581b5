using System.Diagnostics;

namespace VoiceFlow.TtsWorker;

/// <summary>
/// With <c>--parent-pid N</c> (set by the server's local provider) the worker exits when that process is gone,
/// so a crashed server never leaves workers behind.
/// </summary>
internal sealed partial class ParentProcessWatchdog(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatchdog> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["parent-pid"], out var parentPid))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!IsAlive(parentPid))
                {
                    LogParentGone(logger, parentPid);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Parent process {ParentPid} is gone; stopping")]
    private static partial void LogParentGone(ILogger logger, int parentPid);
}
