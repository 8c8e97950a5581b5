using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// The takes contributors "record": generated speech (espeak-ng, as the server has it) at a speaking level with a
/// quiet noise floor around it, cut into chunks once and shared by every stream.
/// </summary>
public sealed class SpeechClips
{
    // Prompts of different lengths, as the seed set has (about 2.5 to 8.5 s spoken): takes of one length would keep
    // every stream's take boundaries in step for a whole run, which no group of real contributors does.
    private static readonly string[] Sentences =
    [
        "The morning train left the station a little after seven, carrying commuters towards the city.",
        "Turn left at the old bakery.",
        "Please remember to water the plants on the balcony while we are away next week.",
        "A gentle breeze moved through the orchard as the sun went down behind the hills, and the farmers walked home slowly along the narrow road.",
        "Our team finished the project early and celebrated with coffee and a large chocolate cake.",
        "The library closes at nine tonight.",
        "When the storm finally passed, the children ran outside to count the fallen branches and look for puddles deep enough to jump in.",
        "She packed a small bag and caught the last bus home.",
    ];

    private SpeechClips(List<byte[][]> takes, int sampleRate, int chunkMs)
    {
        Takes = takes;
        SampleRate = sampleRate;
        ChunkMs = chunkMs;
    }

    /// <summary>Each take as its chunks of 16-bit little-endian PCM.</summary>
    public List<byte[][]> Takes { get; }

    public int SampleRate { get; }

    public int ChunkMs { get; }

    public double SecondsPerTake => Takes.Average(t => t.Length) * ChunkMs / 1000.0;

    /// <summary>Takes padded to whole feedback intervals, so the last Feedback of a take repeats a measured one.</summary>
    public static async Task<SpeechClips> CreateAsync(int sampleRate, int chunkMs, int feedbackMs)
    {
        var takes = new List<byte[][]>();
        int chunkSamples = sampleRate * chunkMs / 1000;
        int interval = Math.Max(chunkMs, feedbackMs / chunkMs * chunkMs);
        foreach (var sentence in Sentences)
        {
            short[] speech = await SpeakAsync(sentence, sampleRate);
            var level = TestSignals.ScaleToActiveLevel(speech, sampleRate, -20);
            var lead = TestSignals.Silence(400, sampleRate);
            var take = TestSignals.AddWhiteNoise(TestSignals.Concat(lead, level, lead), sampleRate, 40, seed: takes.Count + 1);
            int intervalSamples = sampleRate * interval / 1000;
            int total = (take.Length + intervalSamples - 1) / intervalSamples * intervalSamples;
            var padded = new short[total];
            take.CopyTo(padded, 0);
            var chunks = new byte[total / chunkSamples][];
            for (int c = 0; c < chunks.Length; c++)
            {
                chunks[c] = new byte[chunkSamples * 2];
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(padded.AsSpan(c * chunkSamples, chunkSamples)).CopyTo(chunks[c]);
            }

            takes.Add(chunks);
        }

        return new SpeechClips(takes, sampleRate, chunkMs);
    }

    private static async Task<short[]> SpeakAsync(string text, int sampleRate)
    {
        if (EspeakEngine.IsAvailable)
        {
            using var engine = new EspeakEngine();
            return await TestSignals.SpeechAsync(engine, text, sampleRate);
        }

        // Without libespeak-ng on the client: syllable-like tone bursts, enough for level, VAD and SNR to work on.
        Console.Error.WriteLine("  warning: libespeak-ng is not installed here; streaming tone bursts instead of speech");
        var parts = new List<short[]>();
        for (int i = 0; i < 20; i++)
        {
            parts.Add(TestSignals.Sine(180 + (i % 5 * 40), 180, sampleRate, -12));
            parts.Add(TestSignals.Silence(70, sampleRate));
        }

        return TestSignals.Concat([.. parts]);
    }
}
