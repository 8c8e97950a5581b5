using System.Collections.Concurrent;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>
/// Dedicated threads for the audio store's file system calls: creating, closing, renaming and deleting files. When the
/// disk is busy, one such call can wait in the kernel for hundreds of milliseconds (a directory lookup or a journal
/// handle behind writeback). On the thread pool, which a small node keeps near one thread per core, two such waits
/// stall every hub on the node; here they delay only the takes whose files they are.
/// </summary>
public sealed class FileCallThreads : IDisposable
{
    private readonly BlockingCollection<Action> _calls = new();
    private readonly Thread[] _threads;

    /// <param name="threads">How many calls may wait on the disk at once.</param>
    public FileCallThreads(int threads = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"Audio file calls {i + 1}" };
            _threads[i].Start();
        }
    }

    public Task RunAsync(Action call) => RunAsync(() =>
    {
        call();
        return true;
    });

    /// <summary>
    /// Runs <paramref name="call"/> on one of these threads. Not cancellable once queued: a file created or renamed
    /// for a caller that stopped waiting would have no owner to remove it.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> call)
    {
        // Continuations run on the pool, never on a thread that is here to wait for the disk.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Execute()
        {
            try
            {
                completion.SetResult(call());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }

        try
        {
            _calls.Add(Execute);
        }
        catch (InvalidOperationException)
        {
            // The node is shutting down and the threads are gone: the call runs here.
            Execute();
        }

        return completion.Task;
    }

    private void Run()
    {
        foreach (var call in _calls.GetConsumingEnumerable())
        {
            call();
        }
    }

    public void Dispose()
    {
        _calls.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
