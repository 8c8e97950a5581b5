using VoiceFlow.Audio.Codecs;
using VoiceFlow.Audio.Signals;

namespace VoiceFlow.Audio.Tests;

public class MuLawTests
{
    [Fact]
    public void Encoding_yields_one_byte_per_sample()
    {
        var samples = TestSignals.Sine(440, 250, 8000);
        Assert.Equal(samples.Length, MuLaw.Encode(samples).Length);
    }

    [Fact]
    public void Round_trip_error_stays_within_the_companding_step()
    {
        var samples = TestSignals.Sine(440, 250, 8000, peakDbfs: -3);
        var decoded = MuLaw.Decode(MuLaw.Encode(samples));

        double errorPower = 0, signalPower = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double error = decoded[i] - samples[i];
            Assert.True(Math.Abs(error) <= (Math.Abs(samples[i]) / 16.0) + 8, $"sample {i}: {samples[i]} -> {decoded[i]}");
            errorPower += error * error;
            signalPower += (double)samples[i] * samples[i];
        }

        // G.711 gives roughly 35-38 dB SNR for a loud sine.
        Assert.True(10 * Math.Log10(signalPower / errorPower) > 30);
    }

    [Fact]
    public void Silence_encodes_to_the_mu_law_zero_code()
    {
        Assert.All(MuLaw.Encode(new short[10]), b => Assert.Equal(0xFF, b));
        Assert.All(MuLaw.Decode(MuLaw.Encode(new short[10])), s => Assert.Equal(0, s));
    }
}
