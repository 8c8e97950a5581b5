using System.Buffers;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Codecs;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Wav;

namespace VoiceFlow.Server.Tts;

/// <summary>
/// Turns engine audio (at whatever rate the engine produces) into the stream's chunks: resamples to the format's rate
/// with one <see cref="StreamingResampler"/> for the whole stream, encodes, cuts fixed-duration frames, and puts each word
/// into the frame in which it starts on the stream's clock. A word ends where the next word starts, or where the audio
/// of its unit (one engine call) ends; a frame leaves as soon as the end of every word starting in it is known. That
/// wait is engine time, not playing time: engines produce a word's audio in a few milliseconds. Not thread-safe.
/// </summary>
internal sealed class TtsChunkEncoder
{
    private readonly TtsFormat _format;
    private readonly int _frameSamples;
    private readonly int _frameBytes;
    private readonly ArrayBufferWriter<short> _resampled = new(4096);
    private readonly List<PendingWord> _words = [];
    private StreamingResampler? _resampler;
    private int _sourceRate;
    private long _sourceSamples;
    private long _unitStart;
    private long _outputSamples;
    private byte[] _buffer = new byte[16 * 1024];
    private int _buffered;
    private long _framesEmitted;
    private int _seq;
    private bool _headerSent;
    private bool _finalSent;
    private double? _lastEmittedStartMs;

    public TtsChunkEncoder(TtsFormat format, int frameMs)
    {
        _format = format;
        _frameSamples = format.FrameSamples(frameMs);
        _frameBytes = _frameSamples * format.BytesPerSample;
    }

    /// <summary>Chunks emitted so far.</summary>
    public int ChunkCount => _seq;

    /// <summary>Duration of the audio received from the engine so far.</summary>
    public double AudioSeconds => _sourceRate == 0 ? 0 : (double)_sourceSamples / _sourceRate;

    /// <summary>Starts a new engine call, whose word positions count from its own first sample.</summary>
    public void BeginUnit() => _unitStart = _sourceSamples;

    public void Append(SynthesisChunk chunk, List<TtsChunk> output)
    {
        if (_resampler is null)
        {
            _sourceRate = chunk.SampleRate;
            _resampler = new StreamingResampler(chunk.SampleRate, _format.SampleRate);
        }
        else if (chunk.SampleRate != _sourceRate)
        {
            throw new InvalidOperationException($"The engine changed its sample rate from {_sourceRate} to {chunk.SampleRate} Hz.");
        }

        foreach (var word in chunk.Words)
        {
            AddWord(word.Text, _unitStart + word.StartSample);
        }

        _sourceSamples += chunk.Samples.Length;
        if (chunk.Samples.Length > 0)
        {
            _resampled.Clear();
            _resampler.Process(chunk.Samples, _resampled);
            Encode(_resampled.WrittenSpan);
        }

        Drain(output, final: false);
    }

    /// <summary>The current engine call is over: its last word ends with its audio, and held frames can go.</summary>
    public void EndUnit(List<TtsChunk> output)
    {
        CloseOpenWord(SourceMs(_sourceSamples));
        Drain(output, final: false);
    }

    /// <summary>Emits everything left; the last chunk has <c>final: true</c>. Call once.</summary>
    public void Complete(List<TtsChunk> output)
    {
        if (_resampler is not null)
        {
            _resampled.Clear();
            _resampler.Flush(_resampled);
            Encode(_resampled.WrittenSpan);
        }

        CloseOpenWord(SourceMs(_sourceSamples));
        Drain(output, final: true);
    }

    private double SourceMs(long samples) => _sourceRate == 0 ? 0 : samples * 1000.0 / _sourceRate;

    private void AddWord(string text, long sourceSample)
    {
        double startMs = SourceMs(sourceSample);
        if (_words.Count > 0)
        {
            startMs = Math.Max(startMs, _words[^1].StartMs);
        }
        else if (_lastEmittedStartMs is { } last)
        {
            startMs = Math.Max(startMs, last);
        }

        CloseOpenWord(startMs);
        long frame = (long)Math.Floor(startMs * _format.SampleRate / 1000.0 / _frameSamples);
        _words.Add(new PendingWord(text, startMs, frame));
    }

    private void CloseOpenWord(double endMs)
    {
        if (_words.Count > 0 && _words[^1].EndMs is null)
        {
            _words[^1].EndMs = Math.Max(endMs, _words[^1].StartMs);
        }
    }

    private void Encode(ReadOnlySpan<short> samples)
    {
        int bytes = samples.Length * _format.BytesPerSample;
        if (_buffered + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _buffered + bytes));
        }

        var destination = _buffer.AsSpan(_buffered, bytes);
        if (_format.Encoding == TtsEncoding.MuLaw)
        {
            MuLaw.Encode(samples, destination);
        }
        else
        {
            Pcm16.ToBytes(samples, destination);
        }

        _buffered += bytes;
        _outputSamples += samples.Length;
    }

    private void Drain(List<TtsChunk> output, bool final)
    {
        while (_buffered >= _frameBytes && (final || !HoldsOpenWord(_framesEmitted)))
        {
            Emit(_frameBytes, final && _buffered == _frameBytes, output);
        }

        if (final && !_finalSent)
        {
            Emit(_buffered, final: true, output);
        }
    }

    /// <summary>True while a word starting in or before <paramref name="frame"/> has no known end yet.</summary>
    private bool HoldsOpenWord(long frame) => _words.Count > 0 && _words[^1].EndMs is null && _words[^1].Frame <= frame;

    private void Emit(int bytes, bool final, List<TtsChunk> output)
    {
        int header = _format.WavHeader && !_headerSent ? WavHeader.Size : 0;
        var audio = new byte[header + bytes];
        if (header > 0)
        {
            WavHeader.CreatePcm16(_format.SampleRate).CopyTo(audio, 0);
            _headerSent = true;
        }

        _buffer.AsSpan(0, bytes).CopyTo(audio.AsSpan(header));
        _buffer.AsSpan(bytes, _buffered - bytes).CopyTo(_buffer);
        _buffered -= bytes;

        double audioEndMs = _outputSamples * 1000.0 / _format.SampleRate;
        int taken = 0;
        while (taken < _words.Count && (final || _words[taken].Frame <= _framesEmitted) && _words[taken].EndMs is not null)
        {
            taken++;
        }

        var words = new TtsWord[taken];
        for (int i = 0; i < taken; i++)
        {
            var word = _words[i];
            // Before the end the resampler still holds a few samples back, so only the final chunk knows the audio's end.
            double endMs = final ? Math.Min(word.EndMs!.Value, audioEndMs) : word.EndMs!.Value;
            int start = (int)Math.Floor(Math.Min(word.StartMs, endMs));
            words[i] = new TtsWord(word.Text, start, Math.Max(start, (int)Math.Floor(endMs)));
            _lastEmittedStartMs = word.StartMs;
        }

        _words.RemoveRange(0, taken);
        if (bytes > 0)
        {
            _framesEmitted++;
        }

        _finalSent = final;
        output.Add(new TtsChunk(_seq++, audio, words, final));
    }

    private sealed class PendingWord(string text, double startMs, long frame)
    {
        public string Text { get; } = text;
        public double StartMs { get; } = startMs;
        public long Frame { get; } = frame;
        public double? EndMs { get; set; }
    }
}
