using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;

namespace VoiceFlow.Server.Tests.Quality;

/// <summary>Takes made in the test: espeak-ng speech framed by room tone, with noise, clipping or silence as asked.</summary>
public static class GeneratedTakes
{
    public const int Rate = 16_000;
    public const string Sentence = "The quick brown fox jumps over the lazy dog near the riverbank.";

    private static readonly Lazy<Task<short[]>> Speech = new(async () =>
    {
        using var engine = new EspeakEngine();
        return await TestSignals.SpeechAsync(engine, Sentence, Rate);
    });

    /// <summary>Speech at a normal level with half a second of quiet room tone either side (SNR about 45 dB).</summary>
    public static async Task<short[]> CleanAsync(string? text = null)
    {
        var speech = text is null ? await Speech.Value : await SpeechOfAsync(text);
        var framed = TestSignals.Concat(TestSignals.Silence(500, Rate), TestSignals.ScaleToActiveLevel(speech, Rate, -20), TestSignals.Silence(500, Rate));
        return TestSignals.Add(framed, TestSignals.WhiteNoise(framed.Length * 1000.0 / Rate, Rate, -70, seed: 7));
    }

    public static async Task<short[]> NoisyAsync(double snrDb) =>
        TestSignals.AddWhiteNoise(await CleanAsync(), Rate, snrDb, seed: 3);

    public static async Task<short[]> ClippedAsync() => TestSignals.Clip(await CleanAsync(), overdriveDb: 18);

    public static short[] Silence(double ms = 3000) => TestSignals.WhiteNoise(ms, Rate, -80, seed: 5);

    private static async Task<short[]> SpeechOfAsync(string text)
    {
        using var engine = new EspeakEngine();
        return await TestSignals.SpeechAsync(engine, text, Rate);
    }
}
