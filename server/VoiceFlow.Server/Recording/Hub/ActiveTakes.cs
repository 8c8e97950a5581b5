using System.Collections.Concurrent;
using StackExchange.Redis;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>One take at a time per contributor, across every node when Redis is configured.</summary>
public interface IActiveTakes
{
    /// <summary>Null when the contributor already has a take in progress; dispose the lease when the take ends.</summary>
    Task<IAsyncDisposable?> TryBeginAsync(Guid contributorId);
}

internal sealed class LocalActiveTakes : IActiveTakes
{
    private readonly ConcurrentDictionary<Guid, byte> _active = new();

    public Task<IAsyncDisposable?> TryBeginAsync(Guid contributorId) =>
        Task.FromResult<IAsyncDisposable?>(_active.TryAdd(contributorId, 0) ? new Lease(() => _active.TryRemove(contributorId, out _)) : null);

    private sealed class Lease(Action release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            release();
            return ValueTask.CompletedTask;
        }
    }
}

internal sealed class RedisActiveTakes(IConnectionMultiplexer redis) : IActiveTakes
{
    // Longer than any take; a node that dies mid-take frees the contributor when it expires.
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(15);

    public async Task<IAsyncDisposable?> TryBeginAsync(Guid contributorId)
    {
        var key = new RedisKey($"voiceflow:take:{contributorId}");
        var token = Guid.NewGuid().ToString("N");
        var database = redis.GetDatabase();
        return await database.StringSetAsync(key, token, Expiry, When.NotExists) ? new Lease(database, key, token) : null;
    }

    private sealed class Lease(IDatabase database, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await database.ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", [key], [token]);
    }
}
