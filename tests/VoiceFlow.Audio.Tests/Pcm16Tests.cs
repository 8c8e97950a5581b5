namespace VoiceFlow.Audio.Tests;

public class Pcm16Tests
{
    [Fact]
    public void A_sample_takes_two_bytes() => Assert.Equal(2, Pcm16.BytesPerSample);

    [Fact]
    public void Bytes_and_samples_round_trip_little_endian()
    {
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue, 12345];
        byte[] bytes = Pcm16.ToBytes(samples);

        Assert.Equal(new byte[] { 0x39, 0x30 }, bytes[10..12]);
        Assert.Equal(samples, Pcm16.ToSamples(bytes));
    }

    [Fact]
    public void A_trailing_odd_byte_is_ignored() => Assert.Single(Pcm16.ToSamples(new byte[] { 1, 0, 7 }));

    [Fact]
    public void Floats_round_trip_and_clamp()
    {
        short[] samples = [0, 16384, -32768, 32767];
        var floats = new float[samples.Length];
        Pcm16.ToFloats(samples, floats);
        Assert.Equal([0f, 0.5f, -1f, 32767 / 32768f], floats);

        var back = new short[4];
        Pcm16.FromFloats([0.5f, -1f, 1.5f, -2f], back);
        Assert.Equal(new short[] { 16384, -32768, 32767, -32768 }, back);
    }

    [Fact]
    public void Dbfs_of_silence_is_floored()
    {
        Assert.Equal(Pcm16.SilenceDbfs, Pcm16.AmplitudeToDbfs(0));
        Assert.Equal(Pcm16.SilenceDbfs, Pcm16.PowerToDbfs(0));
        Assert.Equal(Pcm16.SilenceDbfs, Pcm16.RmsDbfs(new short[100]));
        Assert.Equal(-6.02, Pcm16.AmplitudeToDbfs(0.5), 2);
        Assert.Equal(0, Pcm16.PeakDbfs([short.MinValue]), 6);
    }

    [Fact]
    public void Duration_math_uses_the_sample_rate()
    {
        Assert.Equal(250, Pcm16.SamplesToMilliseconds(4000, 16000));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Pcm16.SamplesToDuration(11025, 22050));
        Assert.Equal(441, Pcm16.MillisecondsToSamples(10, 44100));
        Assert.Equal(20, Pcm16.BytesToMilliseconds(640, 16000));
        Assert.Equal(32000, Pcm16.DurationToBytes(TimeSpan.FromSeconds(1), 16000));
    }
}
