using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Tests.Recording;

public sealed class PinnedBlockPoolTests
{
    [Fact]
    public void A_returned_block_is_rented_again_with_its_exact_length()
    {
        var pool = new PinnedBlockPool<short>(maxPerLength: 4);

        var first = pool.Rent(480);
        pool.Return(first);
        var second = pool.Rent(480);
        var other = pool.Rent(960);

        Assert.Same(first, second);
        Assert.Equal(480, second.Length);
        Assert.Equal(960, other.Length);
    }

    [Fact]
    public void Blocks_are_allocated_where_the_collector_never_copies_them_up_to_the_limit()
    {
        var pool = new PinnedBlockPool<short>(maxPerLength: 2);

        short[][] rented = [pool.Rent(100), pool.Rent(100), pool.Rent(100)];

        // The pinned object heap belongs to the oldest generation from the start; an ordinary small array is young.
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(rented[0]));
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(rented[1]));
        Assert.Equal(0, GC.GetGeneration(rented[2]));
        Assert.Equal(2, pool.PinnedCount(100));
    }

    [Fact]
    public void An_ordinary_block_allocated_past_the_limit_is_dropped_when_it_comes_back()
    {
        var pool = new PinnedBlockPool<byte>(maxPerLength: 2);
        var pinned = pool.Rent(64);
        _ = pool.Rent(64);
        var ordinary = pool.Rent(64);
        pool.Return(ordinary);
        pool.Return(pinned);

        byte[][] again = [pool.Rent(64), pool.Rent(64)];

        // By reference: xUnit compares arrays element by element, and every block here holds zeros.
        Assert.Contains(again, block => ReferenceEquals(block, pinned));
        Assert.DoesNotContain(again, block => ReferenceEquals(block, ordinary));
        Assert.Equal(2, pool.PinnedCount(64));
    }

    [Fact]
    public void The_pool_keeps_no_more_idle_blocks_than_its_limit()
    {
        var pool = new PinnedBlockPool<byte>(maxPerLength: 2);
        byte[][] returned = [.. Enumerable.Range(0, 3).Select(_ => GC.AllocateArray<byte>(64, pinned: true))];
        foreach (var block in returned)
        {
            pool.Return(block);
        }

        byte[][] rented = [pool.Rent(64), pool.Rent(64), pool.Rent(64)];

        Assert.Equal(2, rented.Count(block => returned.Contains(block)));
    }

    [Fact]
    public async Task Blocks_rented_and_returned_from_many_threads_are_never_handed_out_twice()
    {
        var pool = new PinnedBlockPool<short>(maxPerLength: 64);
        var failures = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                var block = pool.Rent(32);
                block[0] = (short)worker;
                Thread.SpinWait(worker);
                if (block[0] != worker)
                {
                    Interlocked.Increment(ref failures);
                }

                pool.Return(block);
            }
        })));

        Assert.Equal(0, failures);
        Assert.InRange(pool.PinnedCount(32), 1, 8);
    }
}
