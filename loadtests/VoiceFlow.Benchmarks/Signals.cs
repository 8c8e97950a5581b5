using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;

namespace VoiceFlow.Benchmarks;

/// <summary>Speech-like input for the benchmarks: espeak-ng speech when the library is installed, tone bursts in noise otherwise.</summary>
internal static class Signals
{
    public static short[] Speech(int sampleRate, double seconds)
    {
        short[] speech;
        if (EspeakEngine.IsAvailable)
        {
            using var engine = new EspeakEngine();
            speech = TestSignals.SpeechAsync(engine, "The morning train left the station a little after seven, carrying commuters towards the city.", sampleRate)
                .GetAwaiter().GetResult();
        }
        else
        {
            speech = TestSignals.Concat(TestSignals.Sine(220, 300, sampleRate, -12), TestSignals.Silence(100, sampleRate));
        }

        speech = TestSignals.AddWhiteNoise(TestSignals.ScaleToActiveLevel(speech, sampleRate, -20), sampleRate, 35);
        var result = new short[(int)(sampleRate * seconds)];
        for (int i = 0; i < result.Length; i += speech.Length)
        {
            speech.AsSpan(0, Math.Min(speech.Length, result.Length - i)).CopyTo(result.AsSpan(i));
        }

        return result;
    }
}
