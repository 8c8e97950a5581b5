using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Signals;

namespace VoiceFlow.Audio.Tests;

/// <summary>
/// Analyzer behaviour on espeak-ng speech (active level -20 dBFS, 0.5 s of silence around it). SNR is
/// defined as active speech level over noise RMS, which is how <see cref="TestSignals.MixAtSnr"/> mixes.
/// </summary>
public class SpeechAnalysisTests(SpeechFixture speech, ITestOutputHelper output)
{
    private const int Rate = SpeechFixture.Rate;

    [Theory]
    [InlineData(10.0)]
    [InlineData(20.0)]
    [InlineData(30.0)]
    public void Snr_of_speech_in_white_noise_is_estimated_within_3_db(double snrDb)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var mixed = TestSignals.AddWhiteNoise(speech.Paragraph16k, Rate, snrDb, seed);
            var summary = StreamingAnalyzer.Analyze(mixed, Rate);
            output.WriteLine($"true {snrDb} dB, seed {seed}: combined {summary.SnrDb:F1}, WADA {summary.WadaSnrDb:F1}, VAD {summary.VadSnrDb:F1}");

            Assert.InRange(summary.SnrDb!.Value, snrDb - 3, snrDb + 3);
        }
    }

    [Fact]
    public void Clean_speech_at_a_good_level_has_no_warnings()
    {
        var summary = StreamingAnalyzer.Analyze(speech.Paragraph16k, Rate);

        Assert.Empty(summary.Warnings);
        Assert.InRange(summary.SpeechRmsDbfs!.Value, -22, -18);
        Assert.InRange(summary.SpeechMs, 7000, 10000);
        Assert.InRange(summary.LeadingSilenceMs, 480, 600);
        Assert.True(summary.SnrDb > 40);
    }

    [Fact]
    public void Clipping_is_flagged_on_a_clipped_copy_only()
    {
        var clean = StreamingAnalyzer.Analyze(speech.Paragraph16k, Rate);
        var clipped = StreamingAnalyzer.Analyze(TestSignals.Clip(speech.Paragraph16k, overdriveDb: 12), Rate);

        Assert.DoesNotContain(AudioWarningCodes.Clipping, clean.Warnings);
        Assert.Equal(0, clean.ClippedSamples);
        Assert.Contains(AudioWarningCodes.Clipping, clipped.Warnings);
        Assert.Contains(AudioWarningCodes.TooLoud, clipped.Warnings);
        Assert.True(clipped.ClippedMs > 50, $"{clipped.ClippedMs} ms clipped");
    }

    [Fact]
    public void Speech_at_minus_50_dbfs_is_too_quiet()
    {
        var quiet = TestSignals.ScaleToActiveLevel(speech.Paragraph16k, Rate, -50);
        var summary = StreamingAnalyzer.Analyze(quiet, Rate);

        Assert.Contains(AudioWarningCodes.TooQuiet, summary.Warnings);
        Assert.DoesNotContain(AudioWarningCodes.NoSpeech, summary.Warnings);
    }

    [Fact]
    public void Speech_with_an_active_level_of_minus_3_dbfs_is_too_loud()
    {
        var loud = TestSignals.Gain(speech.Paragraph16k, 17);
        Assert.Contains(AudioWarningCodes.TooLoud, StreamingAnalyzer.Analyze(loud, Rate).Warnings);
    }

    [Fact]
    public void Speech_over_a_minus_40_dbfs_noise_bed_is_noisy()
    {
        var noise = TestSignals.WhiteNoise(Pcm16.SamplesToMilliseconds(speech.Paragraph16k.Length, Rate), Rate, -40, seed: 7);
        var summary = StreamingAnalyzer.Analyze(TestSignals.Add(speech.Paragraph16k, noise), Rate);

        Assert.Contains(AudioWarningCodes.Noisy, summary.Warnings);
        Assert.InRange(summary.NoiseFloorDbfs, -43, -39);
        Assert.InRange(summary.SnrDb!.Value, 17, 23);
    }

    [Fact]
    public void Chunk_size_does_not_change_the_results()
    {
        var mixed = TestSignals.AddWhiteNoise(speech.Paragraph16k, Rate, 15, seed: 5);
        byte[] bytes = Pcm16.ToBytes(mixed);
        var reference = StreamingAnalyzer.Analyze(mixed, Rate);

        foreach (int chunkBytes in new[] { 320, 640, 8000, 333, 1 + (Rate / 10 * 2), 7777 })
        {
            var analyzer = new StreamingAnalyzer(Rate);
            for (int offset = 0; offset < bytes.Length; offset += chunkBytes)
            {
                analyzer.Append(bytes.AsSpan(offset, Math.Min(chunkBytes, bytes.Length - offset)));
            }

            var summary = analyzer.Summarize();
            Assert.Equivalent(reference, summary, strict: true);
        }
    }

    [Fact]
    public void Snapshots_track_the_take_as_it_streams()
    {
        var analyzer = new StreamingAnalyzer(Rate);
        var signal = speech.Paragraph16k;
        int chunk = Rate / 10;
        var snapshots = new List<AnalysisSnapshot>();
        for (int offset = 0; offset < signal.Length; offset += chunk)
        {
            analyzer.Append(signal.AsSpan(offset, Math.Min(chunk, signal.Length - offset)));
            snapshots.Add(analyzer.Snapshot());
        }

        Assert.Equal(Pcm16.SamplesToMilliseconds(signal.Length, Rate), snapshots[^1].DurationMs, 6);
        Assert.All(snapshots.Zip(snapshots.Skip(1)), pair => Assert.True(pair.Second.DurationMs > pair.First.DurationMs));
        Assert.All(snapshots.Zip(snapshots.Skip(1)), pair => Assert.True(pair.Second.SpeechMs >= pair.First.SpeechMs));
        Assert.Contains(snapshots, s => s.Speaking);
        Assert.False(snapshots[2].Speaking);
        Assert.False(snapshots[^1].Speaking);
        Assert.Equal(Pcm16.SilenceDbfs, snapshots[0].RmsDbfs);
        Assert.InRange(snapshots.Max(s => s.PeakDbfs), -3, 0);
    }
}
