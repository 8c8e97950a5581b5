using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;

[assembly: AssemblyFixture(typeof(VoiceFlow.Audio.Tests.SpeechFixture))]

namespace VoiceFlow.Audio.Tests;

/// <summary>One espeak-ng engine and a few synthesized utterances shared by the whole test assembly.</summary>
public sealed class SpeechFixture : IDisposable
{
    public const int Rate = 16000;

    public const string Paragraph =
        "The quick brown fox jumps over the lazy dog. A recording studio needs a quiet room and a good microphone. "
        + "Please read each sentence clearly, at a natural pace.";

    private readonly Lazy<short[]> _paragraph;

    public SpeechFixture()
    {
        if (EspeakEngine.IsAvailable)
        {
            Engine = new EspeakEngine();
        }

        // Half a second of silence around the speech, active speech level at -20 dBFS.
        _paragraph = new Lazy<short[]>(() =>
        {
            var speech = TestSignals.SpeechAsync(RequireEngine(), Paragraph, Rate).GetAwaiter().GetResult();
            var padded = TestSignals.Concat(TestSignals.Silence(500, Rate), speech, TestSignals.Silence(500, Rate));
            return TestSignals.ScaleToActiveLevel(padded, Rate, -20);
        });
    }

    public EspeakEngine? Engine { get; }

    public EspeakEngine RequireEngine()
    {
        if (Engine is null)
        {
            Assert.Skip("espeak-ng is not installed: install the Debian packages libespeak-ng1 and espeak-ng-data.");
        }

        return Engine;
    }

    /// <summary>Clean espeak-ng speech at 16 kHz, about 10 s (skips the test when espeak-ng is missing).</summary>
    public short[] Paragraph16k
    {
        get
        {
            RequireEngine();
            return _paragraph.Value;
        }
    }

    public void Dispose() => Engine?.Dispose();
}
