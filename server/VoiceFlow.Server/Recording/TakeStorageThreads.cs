using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Threading;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// The threads that resample takes and write them to the audio store (<see cref="TakeWriter"/>), scheduled below the
/// hubs. A hub thread that hands them audio never waits for a lock one of them may hold: hub threads only add to
/// lock-free queues and wake nobody, and the storage threads look for work (<see cref="WorkPolling"/>).
/// </summary>
public sealed class TakeStorageThreads : IDisposable
{
    private readonly StorageLane[] _lanes;
    private int _nextLane;

    public TakeStorageThreads(IOptions<RecordingOptions> options)
    {
        _lanes = new StorageLane[Environment.ProcessorCount];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = new StorageLane($"Take storage {i + 1}", options.Value.StorageNice);
        }
    }

    /// <summary>The lane that stores one take from start to end, so its blocks are stored in order by one thread.</summary>
    internal StorageLane NextLane() => _lanes[(uint)Interlocked.Increment(ref _nextLane) % (uint)_lanes.Length];

    public void Dispose()
    {
        foreach (var lane in _lanes)
        {
            lane.Stop();
        }
    }
}

/// <summary>Work a storage thread does for a take: store the audio queued so far (<see cref="TakeWriter"/>).</summary>
internal interface IQueuedStorage
{
    void StoreQueued();
}

/// <summary>One storage thread and the takes waiting for it.</summary>
internal sealed class StorageLane
{
    private readonly ConcurrentQueue<IQueuedStorage> _ready = new();
    private readonly Thread _thread;
    // Taken only once the thread has stopped (shutdown), never on the way from a hub to a running thread.
    private readonly Lock _afterStop = new();
    private volatile bool _stopping;
    private volatile bool _stopped;

    public StorageLane(string name, int nice)
    {
        _thread = new Thread(() => Run(nice)) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Asks for <paramref name="take"/>'s queued audio to be stored; never blocks the caller.</summary>
    public void Schedule(IQueuedStorage take)
    {
        _ready.Enqueue(take);
        if (_stopped)
        {
            // The node is shutting down and the thread is gone: what is left is stored here.
            DrainAfterStop();
        }
    }

    public void Stop()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run(int nice)
    {
        ThreadNice.LowerCurrentThread(nice);
        WorkPolling.Run(StoreOne, () => _stopping);
        _stopped = true;
        DrainAfterStop();
    }

    private bool StoreOne()
    {
        if (!_ready.TryDequeue(out var take))
        {
            return false;
        }

        take.StoreQueued();
        return true;
    }

    private void DrainAfterStop()
    {
        lock (_afterStop)
        {
            while (_ready.TryDequeue(out var take))
            {
                take.StoreQueued();
            }
        }
    }
}
