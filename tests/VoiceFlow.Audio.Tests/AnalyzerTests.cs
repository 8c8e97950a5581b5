using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Signals;

namespace VoiceFlow.Audio.Tests;

/// <summary>Analyzer behaviour on synthetic (non-speech) signals.</summary>
public class AnalyzerTests
{
    private const int Rate = 16000;

    [Fact]
    public void Three_seconds_of_silence_report_no_speech()
    {
        var summary = StreamingAnalyzer.Analyze(TestSignals.Silence(3000, Rate), Rate);

        Assert.Contains(AudioWarningCodes.NoSpeech, summary.Warnings);
        Assert.Equal(0, summary.SpeechMs);
        Assert.Equal(3000, summary.LeadingSilenceMs);
        Assert.Null(summary.SnrDb);
    }

    [Fact]
    public void Three_seconds_of_low_level_noise_report_no_speech_and_are_not_noisy()
    {
        var summary = StreamingAnalyzer.Analyze(TestSignals.WhiteNoise(3000, Rate, -65), Rate);

        Assert.Equal([AudioWarningCodes.NoSpeech], summary.Warnings);
        Assert.InRange(summary.NoiseFloorDbfs, -68, -64);
    }

    [Fact]
    public void No_speech_waits_for_two_seconds()
    {
        var analyzer = new StreamingAnalyzer(Rate);
        analyzer.Append(TestSignals.Silence(1900, Rate));
        Assert.DoesNotContain(AudioWarningCodes.NoSpeech, analyzer.Snapshot().Warnings);

        analyzer.Append(TestSignals.Silence(200, Rate));
        Assert.Contains(AudioWarningCodes.NoSpeech, analyzer.Snapshot().Warnings);
    }

    [Fact]
    public void Too_long_is_reported_past_the_configured_maximum()
    {
        var analyzer = new StreamingAnalyzer(Rate, new AnalyzerOptions { MaxDurationMs = 1000 });
        analyzer.Append(TestSignals.WhiteNoise(1000, Rate, -70));
        Assert.DoesNotContain(AudioWarningCodes.TooLong, analyzer.Snapshot().Warnings);

        analyzer.Append(TestSignals.WhiteNoise(20, Rate, -70));
        Assert.Contains(AudioWarningCodes.TooLong, analyzer.Snapshot().Warnings);
    }

    [Fact]
    public void A_hard_clipped_tone_is_flagged_and_a_clean_one_is_not()
    {
        var tone = TestSignals.Concat(TestSignals.Silence(500, Rate), TestSignals.Sine(150, 1000, Rate, peakDbfs: -1));
        var clean = StreamingAnalyzer.Analyze(tone, Rate);
        var clipped = StreamingAnalyzer.Analyze(TestSignals.Clip(tone, overdriveDb: 12), Rate);

        Assert.Equal(0, clean.ClippedSamples);
        Assert.DoesNotContain(AudioWarningCodes.Clipping, clean.Warnings);
        Assert.Contains(AudioWarningCodes.Clipping, clipped.Warnings);
        Assert.True(clipped.ClippedRuns >= 100, $"{clipped.ClippedRuns} runs");
        Assert.InRange(clipped.ClippingRatio, 0.4, 0.7);
        Assert.Equal(clipped.ClippedSamples / 16.0, clipped.ClippedMs, 6);
    }

    [Fact]
    public void Short_isolated_full_scale_peaks_count_as_clipped_samples_but_not_runs()
    {
        var signal = TestSignals.WhiteNoise(2000, Rate, -30);
        for (int i = 1000; i < signal.Length; i += 4000)
        {
            signal[i] = short.MaxValue;
            signal[i + 1] = short.MaxValue;
        }

        var summary = StreamingAnalyzer.Analyze(signal, Rate);
        Assert.Equal(16, summary.ClippedSamples);
        Assert.Equal(0, summary.ClippedRuns);
        Assert.DoesNotContain(AudioWarningCodes.Clipping, summary.Warnings);
    }

    [Fact]
    public void Dc_offset_is_the_mean_sample_value()
    {
        var signal = TestSignals.WhiteNoise(1000, Rate, -40);
        for (int i = 0; i < signal.Length; i++)
        {
            signal[i] += 3277;
        }

        Assert.Equal(0.1, StreamingAnalyzer.Analyze(signal, Rate).DcOffset, 2);
    }

    [Fact]
    public void Snapshot_levels_cover_the_audio_since_the_previous_snapshot()
    {
        var analyzer = new StreamingAnalyzer(Rate);
        analyzer.Append(TestSignals.Sine(1000, 500, Rate, peakDbfs: -6));
        var loud = analyzer.Snapshot();
        analyzer.Append(TestSignals.Sine(1000, 500, Rate, peakDbfs: -26));
        var quiet = analyzer.Snapshot();

        Assert.Equal(-9.03, loud.RmsDbfs, 1);
        Assert.Equal(-6.0, loud.PeakDbfs, 1);
        Assert.Equal(-29.03, quiet.RmsDbfs, 1);
        Assert.Equal(-26.0, quiet.PeakDbfs, 1);
        Assert.Equal(1000, quiet.DurationMs);
    }

    [Fact]
    public void Duration_counts_every_sample_including_an_unfinished_frame()
    {
        var analyzer = new StreamingAnalyzer(22050);
        Assert.Equal(220, analyzer.FrameSamples);

        analyzer.Append(new short[100]);
        Assert.Equal(100 * 1000.0 / 22050, analyzer.Snapshot().DurationMs, 9);

        analyzer.Append(new byte[2205 * 2 + 1]);
        analyzer.Append(new byte[1]);
        Assert.Equal(2306, analyzer.TotalSamples);
    }

    [Fact]
    public void Snapshot_repeats_window_levels_when_no_frame_completed()
    {
        var analyzer = new StreamingAnalyzer(Rate);
        analyzer.Append(TestSignals.Sine(1000, 100, Rate, peakDbfs: -6));
        var first = analyzer.Snapshot();
        analyzer.Append(new short[10]);
        var second = analyzer.Snapshot();

        Assert.Equal(first.RmsDbfs, second.RmsDbfs);
        Assert.Equal(first.PeakDbfs, second.PeakDbfs);
    }

    [Fact]
    public void A_tone_burst_in_quiet_noise_is_detected_as_activity_with_its_silences_measured()
    {
        var signal = TestSignals.Add(
            TestSignals.WhiteNoise(3200, Rate, -70),
            TestSignals.Concat(TestSignals.Silence(1000, Rate), TestSignals.Sine(440, 1500, Rate, peakDbfs: -12)));
        var analyzer = new StreamingAnalyzer(Rate);

        analyzer.Append(signal.AsSpan(0, Rate * 2));
        Assert.True(analyzer.Snapshot().Speaking);
        analyzer.Append(signal.AsSpan(Rate * 2));
        var snapshot = analyzer.Snapshot();

        Assert.False(snapshot.Speaking);
        Assert.Equal(1000, snapshot.LeadingSilenceMs, 0);
        Assert.Equal(700, snapshot.TrailingSilenceMs, 0);
        Assert.InRange(snapshot.SpeechMs, 1500, 1600);
    }

    [Fact]
    public void Spectral_measures_locate_a_tone_and_tell_it_from_noise()
    {
        var quiet = TestSignals.WhiteNoise(300, Rate, -90);
        var tone = StreamingAnalyzer.Analyze(TestSignals.Concat(quiet, TestSignals.Sine(1000, 1000, Rate, -12)), Rate);
        var noise = StreamingAnalyzer.Analyze(TestSignals.Concat(quiet, TestSignals.WhiteNoise(1000, Rate, -20, seed: 2)), Rate);

        Assert.InRange(tone.SpectralCentroidHz!.Value, 950, 1050);
        Assert.InRange(tone.Bandwidth95Hz!.Value, 950, 1100);
        Assert.InRange(tone.SpectralFlatness!.Value, 0, 0.05);
        Assert.InRange(noise.SpectralCentroidHz!.Value, 3500, 4500);
        Assert.InRange(noise.SpectralFlatness!.Value, 0.4, 0.8);
    }

    [Fact]
    public void Wada_table_maps_its_own_points_back()
    {
        Assert.Equal(-20, WadaSnr.SnrFromG(0.3));
        Assert.Equal(20, WadaSnr.SnrFromG(0.95655449 + 1e-12), 3);
        Assert.Equal(100, WadaSnr.SnrFromG(2.0));
    }

    [Fact]
    public void Room_noise_after_a_muted_start_is_not_mistaken_for_speech()
    {
        var signal = TestSignals.Concat(TestSignals.Silence(1000, Rate), TestSignals.WhiteNoise(2500, Rate, -45));
        var summary = StreamingAnalyzer.Analyze(signal, Rate);

        Assert.Equal(0, summary.SpeechMs);
        Assert.Contains(AudioWarningCodes.NoSpeech, summary.Warnings);
        Assert.Contains(AudioWarningCodes.Noisy, summary.Warnings);
    }

    [Fact]
    public void Frame_analysis_does_not_allocate_once_warm()
    {
        var signal = TestSignals.Concat(TestSignals.WhiteNoise(500, 48000, -60), TestSignals.Sine(300, 1000, 48000, -10));
        var analyzer = new StreamingAnalyzer(48000);
        analyzer.Append(signal);

        // The runtime may compile a method on this thread the first times a path runs (tiering, on-stack
        // replacement), and compiling can allocate; analysis that allocates per frame allocates in every pass.
        var passes = new long[8];
        for (int pass = 0; pass < passes.Length; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int offset = 0; offset + 960 <= signal.Length; offset += 960)
            {
                analyzer.Append(signal.AsSpan(offset, 960));
            }

            passes[pass] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, passes.Min());
    }

    [Fact]
    public void A_wave_stream_is_analyzed_like_the_samples_it_holds()
    {
        var signal = TestSignals.Concat(TestSignals.WhiteNoise(700, 44100, -70), TestSignals.Sine(200, 800, 44100, -6));
        using var file = new MemoryStream();
        using (var writer = new Wav.WavWriter(file, 44100, leaveOpen: true))
        {
            writer.Write(signal);
        }

        file.Position = 0;
        Assert.Equivalent(StreamingAnalyzer.Analyze(signal, 44100), StreamingAnalyzer.AnalyzeWav(file), strict: true);
    }
}
