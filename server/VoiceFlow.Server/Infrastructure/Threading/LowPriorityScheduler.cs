using System.Collections.Concurrent;

namespace VoiceFlow.Server.Infrastructure.Threading;

/// <summary>
/// Runs tasks on dedicated threads that the operating system schedules below the rest of the process, so background
/// CPU work (scoring stored takes) uses what live traffic leaves and never delays a hub message. Async code started
/// here keeps running here: an <c>await</c> resumes on the scheduler it started on. Queuing a task never waits for a
/// lock these threads may hold (<see cref="WorkPolling"/>).
/// </summary>
public sealed class LowPriorityScheduler : TaskScheduler, IDisposable
{
    [ThreadStatic]
    private static LowPriorityScheduler? s_current;

    private readonly ConcurrentQueue<Task> _queue = new();
    private readonly Thread[] _threads;
    private volatile bool _disposed;

    /// <param name="name">Thread name, for debuggers and profiles.</param>
    /// <param name="threads">How many tasks may run at once.</param>
    /// <param name="nice">Linux nice value of the threads: 0 is the process's own priority, 19 the lowest.</param>
    public LowPriorityScheduler(string name, int threads, int nice)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(() => Run(nice)) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Runs <paramref name="work"/> on this scheduler; its awaits come back here too.</summary>
    public Task Run(Func<Task> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    protected override void QueueTask(Task task)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _queue.Enqueue(task);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        s_current == this && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Run(int nice)
    {
        s_current = this;
        ThreadNice.LowerCurrentThread(nice);
        // Tasks queued before Dispose still run; the threads end once none is left.
        WorkPolling.Run(RunOne, () => _disposed);
    }

    private bool RunOne()
    {
        if (!_queue.TryDequeue(out var task))
        {
            return false;
        }

        TryExecuteTask(task);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
