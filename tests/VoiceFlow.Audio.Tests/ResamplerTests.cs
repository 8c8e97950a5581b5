using System.Buffers;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Signals;

namespace VoiceFlow.Audio.Tests;

public class ResamplerTests
{
    [Theory]
    [InlineData(22050, 16000)]
    [InlineData(48000, 16000)]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    public void Resampling_keeps_the_duration(int from, int to)
    {
        var input = TestSignals.Sine(440, 1500, from);
        var output = StreamingResampler.Resample(input, from, to);

        double inputMs = Pcm16.SamplesToMilliseconds(input.Length, from);
        double outputMs = Pcm16.SamplesToMilliseconds(output.Length, to);
        Assert.InRange(outputMs, inputMs - 2, inputMs + 2);
    }

    [Theory]
    [InlineData(22050, 16000)]
    [InlineData(48000, 16000)]
    [InlineData(8000, 16000)]
    public void A_1khz_sine_stays_at_1khz(int from, int to)
    {
        var output = StreamingResampler.Resample(TestSignals.Sine(1000, 1000, from), from, to);

        // Skip the filter's settling at both ends, then count sign changes: 2 per cycle.
        var middle = output.AsSpan(to / 10, to * 8 / 10);
        int crossings = 0;
        for (int i = 1; i < middle.Length; i++)
        {
            if ((middle[i - 1] < 0) != (middle[i] < 0))
            {
                crossings++;
            }
        }

        double frequency = crossings / 2.0 / (middle.Length / (double)to);
        Assert.InRange(frequency, 990, 1010);
        Assert.InRange(Pcm16.RmsDbfs(middle), -10, -8);
    }

    [Fact]
    public void Chunked_resampling_produces_exactly_the_one_shot_output()
    {
        var input = TestSignals.Sine(700, 2000, 22050);
        var oneShot = StreamingResampler.Resample(input, 22050, 16000);

        var resampler = new StreamingResampler(22050, 16000);
        var chunked = new ArrayBufferWriter<short>();
        int[] sizes = [220, 441, 37, 2205, 1, 5000];
        int offset = 0;
        for (int i = 0; offset < input.Length; i++)
        {
            int size = Math.Min(sizes[i % sizes.Length], input.Length - offset);
            resampler.Process(input.AsSpan(offset, size), chunked);
            offset += size;
        }

        resampler.Flush(chunked);

        Assert.Equal(oneShot, chunked.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_returned_resampler_is_rented_again_and_resamples_like_a_new_one()
    {
        var input = TestSignals.Sine(300, 1000, 44100);
        var fresh = StreamingResampler.Resample(input, 44100, 16000);
        var first = StreamingResampler.Rent(44100, 16000);
        first.Process(TestSignals.WhiteNoise(700, 44100, -6));
        StreamingResampler.Return(first);

        var again = StreamingResampler.Rent(44100, 16000);
        var output = new ArrayBufferWriter<short>();
        again.Process(input, output);
        again.Flush(output);

        Assert.Same(first, again);
        Assert.Equal(fresh, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Equal_rates_pass_samples_through()
    {
        var input = TestSignals.WhiteNoise(100, 16000, -20);
        var resampler = new StreamingResampler(16000, 16000);
        var output = resampler.Process(input);
        Assert.Equal(input, output);
        Assert.Empty(resampler.Flush());
    }

    [Fact]
    public void Output_is_available_before_the_flush()
    {
        var resampler = new StreamingResampler(48000, 16000);
        var first = resampler.Process(TestSignals.Sine(440, 100, 48000));
        Assert.InRange(first.Length, 1400, 1600);
    }
}
