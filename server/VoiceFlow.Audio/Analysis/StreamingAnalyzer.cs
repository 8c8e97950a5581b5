using VoiceFlow.Audio.Wav;

namespace VoiceFlow.Audio.Analysis;

/// <summary>
/// Live and whole-take measurement of a mono PCM16 stream fed in chunks of any size. Audio is cut into
/// 10 ms frames (partial frames carry over to the next chunk); per frame it measures level, peak, clipping,
/// DC, an energy voice-activity decision against an adaptive noise floor, and running SNR statistics.
/// Frame processing does not allocate. Not thread-safe: use one instance per stream.
/// </summary>
public sealed partial class StreamingAnalyzer
{
    private const double DigitalSilenceDbfs = -100;

    // Non-speech frames up to this far above the floor count as noise; louder ones are unvoiced speech or transients.
    private const double NoiseMarginDb = 6;

    private readonly AnalyzerOptions _options;
    private readonly short[] _pending;
    private readonly NoiseFloorTracker _noiseFloor;
    private readonly ClipDetector _clips;
    private readonly WadaSnr _wada = new();
    private readonly SpectralAccumulator? _spectral;
    private readonly double _frameMs;

    private int _pendingCount;
    private int _pendingByte = -1;
    private long _totalSamples;
    private long _sampleSum;

    private long _frames;
    private int _hangover;
    private bool _speaking;
    private long _speakingFrames;
    private long _firstSpeechSample = -1;
    private long _lastSpeechEndSample;
    private double _speechPowerSum;
    private long _speechFrames;
    private int _speechPeak;
    private readonly NoiseLevelHistogram _nonSpeech = new();
    private int _peak;

    private double _windowPowerSum;
    private long _windowSamples;
    private int _windowPeak;
    private double _lastWindowRmsDbfs = Pcm16.SilenceDbfs;
    private double _lastWindowPeakDbfs = Pcm16.SilenceDbfs;

    public StreamingAnalyzer(int sampleRate, AnalyzerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        _options = options ?? AnalyzerOptions.Default;
        SampleRate = sampleRate;
        FrameSamples = sampleRate / 100;
        _frameMs = FrameSamples * 1000.0 / sampleRate;
        _pending = new short[FrameSamples];
        _noiseFloor = new NoiseFloorTracker(_options.NoiseFloorWindowMs, _frameMs);
        _clips = new ClipDetector(_options.ClipLevel, (int)(sampleRate / (2 * _options.ClipRunFrequencyHz)));
        _spectral = _options.SpectralAnalysis ? new SpectralAccumulator(FrameSamples, sampleRate) : null;
        MaxDurationMs = _options.MaxDurationMs;
    }

    public int SampleRate { get; }

    /// <summary>Samples per analysis frame: 10 ms, rounded down (220 at 22050 Hz).</summary>
    public int FrameSamples { get; }

    /// <summary>
    /// Past this duration the take is <c>too_long</c>. Starts as <see cref="AnalyzerOptions.MaxDurationMs"/>; a live take
    /// may learn its own limit only after its first chunks.
    /// </summary>
    public double MaxDurationMs { get; set; }

    public long TotalSamples => _totalSamples;

    public double DurationMs => Pcm16.SamplesToMilliseconds(_totalSamples, SampleRate);

    /// <summary>The voice-activity state of the latest frame, hangover included.</summary>
    public bool Speaking => _speaking;

    /// <summary>Feeds little-endian PCM16 bytes; an odd trailing byte is kept for the next chunk.</summary>
    public void Append(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.IsEmpty)
        {
            return;
        }

        if (_pendingByte >= 0)
        {
            short joined = (short)(_pendingByte | (pcm16[0] << 8));
            _pendingByte = -1;
            Append([joined]);
            pcm16 = pcm16[1..];
        }

        Span<short> samples = stackalloc short[512];
        while (pcm16.Length >= Pcm16.BytesPerSample)
        {
            int bytes = Math.Min(pcm16.Length & ~1, samples.Length * Pcm16.BytesPerSample);
            int count = Pcm16.ToSamples(pcm16[..bytes], samples);
            Append(samples[..count]);
            pcm16 = pcm16[bytes..];
        }

        if (pcm16.Length == 1)
        {
            _pendingByte = pcm16[0];
        }
    }

    public void Append(ReadOnlySpan<short> samples)
    {
        _totalSamples += samples.Length;
        if (_pendingCount > 0)
        {
            int take = Math.Min(FrameSamples - _pendingCount, samples.Length);
            samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            samples = samples[take..];
            if (_pendingCount < FrameSamples)
            {
                return;
            }

            ProcessFrame(_pending);
            _pendingCount = 0;
        }

        while (samples.Length >= FrameSamples)
        {
            ProcessFrame(samples[..FrameSamples]);
            samples = samples[FrameSamples..];
        }

        samples.CopyTo(_pending);
        _pendingCount = samples.Length;
    }

    /// <summary>The state now; starts a new window for <see cref="AnalysisSnapshot.RmsDbfs"/> and <see cref="AnalysisSnapshot.PeakDbfs"/>.</summary>
    /// <remarks>If no complete frame arrived since the previous snapshot, the previous window levels are repeated.</remarks>
    public AnalysisSnapshot Snapshot()
    {
        if (_windowSamples > 0)
        {
            _lastWindowRmsDbfs = Pcm16.PowerToDbfs(_windowPowerSum / _windowSamples / (Pcm16.FullScale * Pcm16.FullScale));
            _lastWindowPeakDbfs = Pcm16.AmplitudeToDbfs(_windowPeak / Pcm16.FullScale);
            _windowPowerSum = 0;
            _windowSamples = 0;
            _windowPeak = 0;
        }

        return new AnalysisSnapshot(
            DurationMs,
            _lastWindowRmsDbfs,
            _lastWindowPeakDbfs,
            _clips.ClippedSamples,
            _speaking,
            _noiseFloor.FloorDbfs,
            SnrDb,
            SpeechMs,
            LeadingSilenceMs,
            TrailingSilenceMs,
            Warnings());
    }

    /// <summary>Whole-take measures so far (does not reset anything).</summary>
    public AnalysisSummary Summarize()
    {
        double totalMs = DurationMs;
        return new AnalysisSummary(
            SampleRate,
            totalMs,
            SpeechMs,
            LeadingSilenceMs,
            TrailingSilenceMs,
            SpeechRmsDbfs,
            Pcm16.AmplitudeToDbfs(_peak / Pcm16.FullScale),
            _noiseFloor.FloorDbfs,
            NoisePower is { } noise ? Pcm16.PowerToDbfs(noise) : null,
            SnrDb,
            WadaSnrDb,
            VadSnrDb,
            _clips.ClippedSamples,
            _clips.ClippedRuns,
            _totalSamples == 0 ? 0 : (double)_clips.ClippedSamples / _totalSamples,
            Pcm16.SamplesToMilliseconds(_clips.ClippedSamples, SampleRate),
            _totalSamples == 0 ? 0 : _sampleSum / (double)_totalSamples / Pcm16.FullScale,
            _spectral?.Flatness,
            _spectral?.CentroidHz,
            _spectral?.RolloffHz(0.95),
            Warnings());
    }

    /// <summary>Analyzes a whole signal.</summary>
    public static AnalysisSummary Analyze(ReadOnlySpan<short> samples, int sampleRate, AnalyzerOptions? options = null)
    {
        var analyzer = new StreamingAnalyzer(sampleRate, options);
        analyzer.Append(samples);
        return analyzer.Summarize();
    }

    /// <summary>Analyzes a WAVE stream without loading it whole (downmixed to mono).</summary>
    /// <exception cref="AudioFormatException">The stream is not a supported WAVE file.</exception>
    public static AnalysisSummary AnalyzeWav(Stream wav, AnalyzerOptions? options = null)
    {
        using var reader = WavReader.Open(wav, leaveOpen: true);
        var analyzer = new StreamingAnalyzer(reader.SampleRate, options);
        var buffer = new short[4096];
        int n;
        while ((n = reader.ReadMono(buffer)) > 0)
        {
            analyzer.Append(buffer.AsSpan(0, n));
        }

        return analyzer.Summarize();
    }

    private double SpeechMs => _speakingFrames * _frameMs;

    private double LeadingSilenceMs =>
        Pcm16.SamplesToMilliseconds(_firstSpeechSample < 0 ? _totalSamples : _firstSpeechSample, SampleRate);

    private double TrailingSilenceMs =>
        Pcm16.SamplesToMilliseconds(_firstSpeechSample < 0 ? _totalSamples : _totalSamples - _lastSpeechEndSample, SampleRate);

    private double? SpeechPower => _speechFrames == 0 ? null : _speechPowerSum / _speechFrames;

    /// <summary>Mean power of the non-speech frames that are near the current noise floor.</summary>
    private double? NoisePower => _nonSpeech.MeanPowerBelow(_noiseFloor.FloorDbfs + NoiseMarginDb);

    private double? SpeechRmsDbfs => SpeechPower is { } p ? Pcm16.PowerToDbfs(p) : null;

    private double? WadaSnrDb => _speechFrames == 0 ? null : _wada.EstimateDb();

    private double? VadSnrDb => SnrEstimator.VadSnrDb(SpeechPower, NoisePower);

    private double? SnrDb => SnrEstimator.Combine(WadaSnrDb, VadSnrDb);

    private void ProcessFrame(ReadOnlySpan<short> frame)
    {
        var stats = FrameStatistics.Measure(frame);
        long sumSquares = stats.SumSquares;
        int peak = stats.Peak;
        double power = sumSquares / (double)frame.Length / (Pcm16.FullScale * Pcm16.FullScale);
        double levelDbfs = Pcm16.PowerToDbfs(power);
        _sampleSum += stats.Sum;
        _peak = Math.Max(_peak, peak);
        _windowPowerSum += sumSquares;
        _windowSamples += frame.Length;
        _windowPeak = Math.Max(_windowPeak, peak);
        _wada.Add(stats.SumAbs, stats.SumLogAbs, frame.Length);
        _clips.Add(frame, peak);

        // Decide against the floor before this frame updates it, so a speech onset does not raise its own bar.
        // The first audible frame only seeds the floor: it may be noise, so it never counts as speech.
        bool voiced = _noiseFloor.IsInitialized
            && levelDbfs > _noiseFloor.FloorDbfs + _options.VadThresholdDb
            && levelDbfs > _options.VadAbsoluteThresholdDbfs;

        // Inputs often start with digital silence (zeros while the microphone warms up). It says nothing about
        // the room, and seeding the floor with -120 dBFS would make the room noise that follows look like speech.
        // Later digital silence (synthetic audio, a muted input) does count, so clean audio keeps a clean floor.
        if (_noiseFloor.IsInitialized || levelDbfs > DigitalSilenceDbfs)
        {
            _noiseFloor.Add(levelDbfs);
        }

        long frameStart = _frames * FrameSamples;
        _frames++;
        if (voiced)
        {
            _hangover = _options.VadHangoverFrames;
            _speechPowerSum += power;
            _speechFrames++;
            _speechPeak = Math.Max(_speechPeak, peak);
            if (_firstSpeechSample < 0)
            {
                _firstSpeechSample = frameStart;
            }

            _lastSpeechEndSample = frameStart + FrameSamples;
            if (_spectral is not null && _speechFrames % Math.Max(1, _options.SpectralFrameStride) == 0)
            {
                _spectral.Add(frame);
            }
        }
        else if (_hangover > 0)
        {
            _hangover--;
        }
        else
        {
            _nonSpeech.Add(levelDbfs, power);
        }

        _speaking = voiced || _hangover > 0;
        if (_speaking)
        {
            _speakingFrames++;
        }
    }
}
