using VoiceFlow.Server.ApiKeys;

namespace VoiceFlow.Server.Tests.ApiKeys;

/// <summary>Key uses counted on one node reach the database exactly once, however requests and the flusher interleave.</summary>
public sealed class ApiKeyUsageTrackerTests
{
    [Fact]
    public async Task Every_use_counted_while_batches_are_taken_is_in_exactly_one_batch()
    {
        var tracker = new ApiKeyUsageTracker(TimeProvider.System);
        Guid[] keys = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        const int usesPerWriter = 200_000;
        const int writers = 4;
        var taken = new Dictionary<Guid, long>();
        void Take()
        {
            foreach (var (keyId, usage) in tracker.Drain())
            {
                taken[keyId] = taken.GetValueOrDefault(keyId) + usage.Count;
            }
        }

        var counting = Enumerable.Range(0, writers).Select(writer => Task.Run(() =>
        {
            for (int i = 0; i < usesPerWriter; i++)
            {
                tracker.RecordUse(keys[(i + writer) % keys.Length]);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        var all = Task.WhenAll(counting);
        while (!all.IsCompleted)
        {
            Take();
        }

        await all;
        Take();

        Assert.Equal((long)writers * usesPerWriter, taken.Values.Sum());
        Assert.Empty(tracker.Drain());
    }

    [Fact]
    public void A_batch_that_could_not_be_written_is_counted_again_with_the_uses_since()
    {
        var tracker = new ApiKeyUsageTracker(TimeProvider.System);
        var key = Guid.NewGuid();
        tracker.RecordUse(key);
        tracker.RecordUse(key);

        var failed = tracker.Drain();
        tracker.RecordUse(key);
        tracker.Restore(failed);

        Assert.Equal(3, tracker.Drain()[key].Count);
    }
}
