using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Security;

/// <summary>Both rate-limit stores at the moment a fixed window turns, on a clock the test moves.</summary>
public sealed class SlidingWindowBoundaryTests : IAsyncLifetime
{
    private static readonly RateLimitRule FivePerMinute = new() { Limit = 5, Window = TimeSpan.FromMinutes(1) };

    // A window boundary: whole minutes since the Unix epoch.
    private static readonly DateTimeOffset Boundary = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Boundary - TimeSpan.FromSeconds(2));
    private readonly string _key = $"test:sliding-window:{Guid.NewGuid():N}";
    private ConnectionMultiplexer? _redis;

    public static TheoryData<string> Stores => ["memory", "redis"];

    public async ValueTask InitializeAsync()
    {
        if (TestEnvironment.RedisConnectionString is { } redis)
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(redis);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Hits_just_before_the_window_turns_still_count_in_full_just_after_it(string kind)
    {
        var store = Store(kind);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Hit(store)).Allowed);
        }

        _clock.Now = Boundary + TimeSpan.FromMilliseconds(100);
        var justAfter = await Hit(store);

        Assert.False(justAfter.Allowed);
        // One of the five hits' weight has gone once a fifth of the new window has passed: 12 s after the boundary.
        Assert.InRange(justAfter.RetryAfter, TimeSpan.FromSeconds(11.895), TimeSpan.FromSeconds(11.905));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_retry_after_it_gives_is_when_the_next_hit_is_let_through(string kind)
    {
        var store = Store(kind);
        for (var i = 0; i < 5; i++)
        {
            await Hit(store);
        }

        _clock.Now = Boundary + TimeSpan.FromSeconds(3);
        var refused = await Hit(store);
        _clock.Now += refused.RetryAfter - TimeSpan.FromMilliseconds(10);
        var tooEarly = await Hit(store);
        _clock.Now += TimeSpan.FromMilliseconds(20);
        var onTime = await Hit(store);

        Assert.False(refused.Allowed);
        Assert.False(tooEarly.Allowed);
        Assert.True(onTime.Allowed);
    }

    private IRateLimitStore Store(string kind)
    {
        if (kind == "memory")
        {
            return new MemoryRateLimitStore(_clock);
        }

        Assert.SkipWhen(_redis is null, "Needs Redis: run through ./test.sh.");
        return new RedisRateLimitStore(_redis!, _clock, NullLogger<RedisRateLimitStore>.Instance);
    }

    private ValueTask<RateLimitDecision> Hit(IRateLimitStore store) => store.HitAsync(_key, FivePerMinute, CancellationToken.None);
}
