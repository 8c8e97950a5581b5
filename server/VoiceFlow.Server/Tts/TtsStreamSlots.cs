using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VoiceFlow.Server.Tts;

/// <summary>Open streams per API key. In memory for a single node, in Redis (shared by every node) when configured.</summary>
public interface ITtsStreamSlots
{
    /// <summary>A slot to dispose when the stream ends, or null when the key already has <paramref name="limit"/> streams open.</summary>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(Guid keyId, int limit, CancellationToken cancellationToken);
}

internal sealed class MemoryTtsStreamSlots : ITtsStreamSlots
{
    private readonly ConcurrentDictionary<Guid, int> _open = new();

    public ValueTask<IAsyncDisposable?> TryAcquireAsync(Guid keyId, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            int current = _open.GetOrAdd(keyId, 0);
            if (current >= limit)
            {
                return ValueTask.FromResult<IAsyncDisposable?>(null);
            }

            if (_open.TryUpdate(keyId, current + 1, current))
            {
                return ValueTask.FromResult<IAsyncDisposable?>(new Slot(this, keyId));
            }
        }
    }

    private void Release(Guid keyId)
    {
        while (_open.TryGetValue(keyId, out int current))
        {
            if (current <= 1 ? _open.TryRemove(KeyValuePair.Create(keyId, current)) : _open.TryUpdate(keyId, current - 1, current))
            {
                return;
            }
        }
    }

    private sealed class Slot(MemoryTtsStreamSlots owner, Guid keyId) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(keyId);
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// A sorted set per key of stream leases scored by expiry: one atomic script drops expired leases, counts and adds. The
/// node renews its leases while the streams run, so a crashed node's slots free themselves after the lease time.
/// </summary>
internal sealed class RedisTtsStreamSlots(
    IConnectionMultiplexer redis, TimeProvider clock, IOptions<TtsOptions> options, ILogger<RedisTtsStreamSlots> logger) : ITtsStreamSlots
{
    private readonly IConnectionMultiplexer _redis = redis;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger _logger = logger;

    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(Guid keyId, int limit, CancellationToken cancellationToken)
    {
        var key = new RedisKey($"voiceflow:tts:streams:{keyId:N}");
        var lease = Guid.NewGuid().ToString("N");
        var leaseTime = options.Value.StreamLeaseTime;
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var acquired = (long)await _redis.GetDatabase().ScriptEvaluateAsync(
                AcquireScript, [key], [limit, now, now + (long)leaseTime.TotalMilliseconds, lease, (long)leaseTime.TotalMilliseconds * 2]);
            return acquired == 1 ? new Slot(this, key, lease, leaseTime) : null;
        }
        catch (RedisException e)
        {
            // Like the rate limits: the limit protects, it is not the product, so a Redis blip fails open.
            _logger.LogWarning(e, "TTS stream slots unavailable; allowing the stream");
            return new NoSlot();
        }
    }

    private sealed class NoSlot : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Slot : IAsyncDisposable
    {
        private readonly RedisTtsStreamSlots _owner;
        private readonly RedisKey _key;
        private readonly string _lease;
        private readonly TimeSpan _leaseTime;
        private readonly ITimer _renewal;
        private int _released;

        public Slot(RedisTtsStreamSlots owner, RedisKey key, string lease, TimeSpan leaseTime)
        {
            _owner = owner;
            _key = key;
            _lease = lease;
            _leaseTime = leaseTime;
            var period = leaseTime / 3;
            _renewal = owner._clock.CreateTimer(_ => _ = RenewAsync(), null, period, period);
        }

        private async Task RenewAsync()
        {
            try
            {
                long expires = _owner._clock.GetUtcNow().Add(_leaseTime).ToUnixTimeMilliseconds();
                var db = _owner._redis.GetDatabase();
                await db.SortedSetAddAsync(_key, _lease, expires, SortedSetWhen.Exists);
                await db.KeyExpireAsync(_key, _leaseTime * 2);
            }
            catch (RedisException e)
            {
                _owner._logger.LogWarning(e, "Could not renew a TTS stream slot");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            await _renewal.DisposeAsync();
            try
            {
                await _owner._redis.GetDatabase().SortedSetRemoveAsync(_key, _lease);
            }
            catch (RedisException e)
            {
                _owner._logger.LogWarning(e, "Could not release a TTS stream slot; it expires with its lease");
            }
        }
    }
}
