using System.Collections.Concurrent;

namespace VoiceFlow.Server.ApiKeys;

/// <summary>
/// Counts key uses in memory; <see cref="ApiKeyUsageFlusher"/> adds them to the database in batches,
/// so authenticating a request never waits for a write.
/// </summary>
public sealed class ApiKeyUsageTracker(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Usage> _pending = new();

    public void RecordUse(Guid keyId)
    {
        var now = clock.GetUtcNow();
        _pending.AddOrUpdate(keyId, static (_, at) => new Usage(1, at), static (_, usage, at) => usage.Add(at), now);
    }

    /// <summary>What this node counted but has not written yet (added to answers so they are never behind).</summary>
    public Usage? Pending(Guid keyId) => _pending.TryGetValue(keyId, out var usage) ? usage : null;

    /// <summary>
    /// Takes everything counted so far; later uses go to the next batch. Each key is removed on its own: a use counted
    /// while the batch is taken lands either in it or, if its key was already taken, in a new entry (swapping the whole
    /// dictionary would lose a use whose writer still held the old one).
    /// </summary>
    public IReadOnlyDictionary<Guid, Usage> Drain()
    {
        var batch = new Dictionary<Guid, Usage>();
        foreach (var (keyId, _) in _pending)
        {
            if (_pending.TryRemove(keyId, out var usage))
            {
                batch[keyId] = usage;
            }
        }

        return batch;
    }

    /// <summary>Puts back a batch that could not be written, so no use is lost.</summary>
    public void Restore(IReadOnlyDictionary<Guid, Usage> batch)
    {
        foreach (var (keyId, usage) in batch)
        {
            _pending.AddOrUpdate(keyId, usage, (_, current) => current.Merge(usage));
        }
    }

    public readonly record struct Usage(long Count, DateTimeOffset LastUsedAt)
    {
        public Usage Add(DateTimeOffset at) => new(Count + 1, at > LastUsedAt ? at : LastUsedAt);

        public Usage Merge(Usage other) => new(Count + other.Count, other.LastUsedAt > LastUsedAt ? other.LastUsedAt : LastUsedAt);
    }
}
