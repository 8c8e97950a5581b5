using VoiceFlow.Server.Infrastructure.Hosting;
using VoiceFlow.Server.Infrastructure.Threading;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>
/// Removes the half-written files of takes whose node stopped mid-take (a crash, a kill): a take is written to a
/// <c>.partial</c> file that is renamed or uploaded on commit and deleted when the take fails, so one that outlives any
/// take by far was left behind. Runs once as the node starts, on a thread of its own at a lower priority: walking a
/// large audio folder waits on the disk, which must not hold up a thread-pool thread (or the file-call threads live
/// takes use), and it is never urgent.
/// </summary>
internal sealed class UnfinishedUploadSweeper(DataDirectory data, TimeProvider clock, ILogger<UnfinishedUploadSweeper> logger) : BackgroundService
{
    // Far longer than any take lives (minutes at most), so a take being written by another node sharing the folder is safe.
    public static readonly TimeSpan LeftBehindAfter = TimeSpan.FromHours(1);

    private const int SweepNice = 10;

    private static readonly string[] Folders = ["audio", "audio-staging"];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ThreadNice.LowerCurrentThread(SweepNice);
                Sweep(stoppingToken);
            }
            catch (Exception e)
            {
                // Leftovers cost disk space, not correctness: never let the sweep take the node down.
                logger.LogWarning(e, "Could not look for unfinished take files");
            }
            finally
            {
                done.TrySetResult();
            }
        })
        { IsBackground = true, Name = "Unfinished upload sweep" };
        thread.Start();
        return done.Task;
    }

    private void Sweep(CancellationToken stoppingToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - LeftBehindAfter;
        var removed = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        foreach (var folder in Folders.Select(f => Path.Combine(data.Root, f)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.partial", options))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }

        if (removed > 0)
        {
            logger.LogWarning("Removed {Count} unfinished take files left by a node that stopped mid-take", removed);
        }
    }
}
