using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.Audio.Synthesis.Espeak;

/// <summary>
/// Owns espeak-ng for the whole process. The library has global state and a single callback, so every call
/// to it happens on one dedicated thread. Requests are cut into segments (sentences) and served round-robin,
/// one segment per turn, so a long text cannot starve short ones, and a new request goes first (see
/// <see cref="SegmentTurns"/>); a request whose consumer is behind is skipped until it catches up.
/// </summary>
internal sealed unsafe class EspeakWorker
{
    private const int BufferLengthMs = 100;

    private static readonly Lazy<EspeakWorker> LazyInstance = new(() => new EspeakWorker(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentQueue<EspeakRequest> _incoming = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly List<EspeakRequest> _active = [];
    private readonly List<WordEvent> _pendingWords = [];
    private int _roundRobin;
    private string? _currentVoice;
    private int _currentRate;

    // State of the espeak_Synth call in progress; only touched on the synthesis thread.
    private EspeakRequest? _request;
    private TextSegment _segment;
    private long _segmentStartSample;

    private EspeakWorker()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(ready)) { IsBackground = true, Name = "espeak-ng synthesis" };
        thread.Start();
        ready.Task.GetAwaiter().GetResult();
    }

    public static EspeakWorker Instance => LazyInstance.Value;

    public int SampleRate { get; private set; }

    public IReadOnlyList<VoiceInfo> Voices { get; private set; } = [];

    public void Enqueue(EspeakRequest request)
    {
        _incoming.Enqueue(request);
        _wake.Set();
    }

    /// <summary>Called when a consumer read a chunk or gave up, so a waiting scheduler looks again.</summary>
    public void Wake() => _wake.Set();

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSynthesized(short* samples, int count, EspeakEvent* events)
    {
        try
        {
            return Instance.HandleAudio(samples, count, events) ? 0 : 1;
        }
        catch (Exception e)
        {
            Instance._request?.Complete(new SpeechEngineException(SpeechErrorCodes.SynthesisFailed, e.Message));
            Instance._request?.Cancel();
            return 1;
        }
    }

    private void Run(TaskCompletionSource ready)
    {
        try
        {
            Initialize();
            ready.SetResult();
        }
        catch (Exception e)
        {
            ready.SetException(e);
            return;
        }

        while (true)
        {
            while (_incoming.TryDequeue(out var request))
            {
                _active.Add(request);
            }

            RemoveFinished();
            var next = PickNext();
            if (next is null)
            {
                _wake.WaitOne(_active.Count == 0 ? Timeout.Infinite : 100);
                continue;
            }

            SynthesizeNextSegment(next);
        }
    }

    private void Initialize()
    {
        SampleRate = EspeakNative.Initialize(EspeakNative.AudioOutputSynchronous, BufferLengthMs, null, EspeakNative.InitializeDontExit);
        if (SampleRate <= 0)
        {
            throw new SpeechEngineException(
                SpeechErrorCodes.EngineUnavailable,
                "espeak-ng could not initialize; its voice data is probably missing. Install the Debian package espeak-ng-data.");
        }

        EspeakNative.SetSynthCallback(&OnSynthesized);
        Voices = EspeakVoices.Read();
    }

    private void RemoveFinished()
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var request = _active[i];
            if (request.IsCancelled || !request.HasMoreSegments)
            {
                request.Complete(request.IsCancelled ? new OperationCanceledException(request.Token) : null);
                _active.RemoveAt(i);
            }
        }
    }

    private EspeakRequest? PickNext() => SegmentTurns.Pick(_active, ref _roundRobin, r => r.IsReady, r => r);

    private void SynthesizeNextSegment(EspeakRequest request)
    {
        if (!ApplyVoice(request))
        {
            return;
        }

        _request = request;
        _segment = request.TakeNextSegment();
        _segmentStartSample = request.SamplesWritten;
        _pendingWords.Clear();
        byte[] text = request.SegmentUtf8(_segment);
        uint flags = EspeakNative.CharsUtf8 | (_segment.EndsSentence ? EspeakNative.EndPause : 0);
        int result;
        fixed (byte* p = text)
        {
            result = EspeakNative.Synth(p, (nuint)text.Length, 0, EspeakNative.PositionCharacter, 0, flags, null, null);
        }

        _request = null;
        if (request.IsCancelled)
        {
            // Resets espeak-ng's parameters to their saved values; re-apply voice and rate for the next request.
            _ = EspeakNative.Cancel();
            _currentVoice = null;
            _currentRate = 0;
            return;
        }

        if (_pendingWords.Count > 0)
        {
            request.Write(new SynthesisChunk([], SampleRate, request.SamplesWritten, _pendingWords.ToArray()));
        }

        if (result != EspeakNative.Ok)
        {
            request.Complete(new SpeechEngineException(SpeechErrorCodes.SynthesisFailed, $"espeak_Synth failed with code {result}."));
            request.Cancel();
        }
    }

    private bool ApplyVoice(EspeakRequest request)
    {
        if (request.VoiceId != _currentVoice)
        {
            int result = EspeakNative.SetVoiceByName(request.VoiceId);
            if (result != EspeakNative.Ok)
            {
                _currentVoice = null;
                request.Complete(new SpeechEngineException(SpeechErrorCodes.InvalidVoice, $"espeak-ng has no voice '{request.VoiceId}'."));
                request.Cancel();
                return false;
            }

            _currentVoice = request.VoiceId;
            _currentRate = 0;
        }

        if (request.RateWpm != _currentRate)
        {
            if (EspeakNative.SetParameter(EspeakNative.ParameterRate, request.RateWpm, 0) != EspeakNative.Ok)
            {
                request.Complete(new SpeechEngineException(SpeechErrorCodes.SynthesisFailed, "espeak-ng rejected the speaking rate."));
                request.Cancel();
                return false;
            }

            _currentRate = request.RateWpm;
        }

        return true;
    }

    /// <summary>Runs inside espeak_Synth. Returns false to make espeak-ng abort the call.</summary>
    private bool HandleAudio(short* samples, int count, EspeakEvent* events)
    {
        var request = _request;
        if (request is null || request.IsCancelled)
        {
            return false;
        }

        for (EspeakEvent* e = events; e != null && e->Type != EspeakEventType.ListTerminated; e++)
        {
            // Some voices report zero-length "words" at clause boundaries; they carry no text.
            if (e->Type == EspeakEventType.Word && e->Length > 0)
            {
                // The sample index is exact; audio_position (ms) is the fallback should a build leave it unset.
                long sample = e->Sample > 0 || e->AudioPositionMs == 0
                    ? e->Sample
                    : Pcm16.MillisecondsToSamples(e->AudioPositionMs, SampleRate);
                AddWord(request, e->TextPosition, e->Length, sample);
            }
        }

        if (samples == null || count <= 0)
        {
            return true;
        }

        var chunk = new SynthesisChunk(
            new ReadOnlySpan<short>(samples, count).ToArray(),
            SampleRate,
            request.SamplesWritten,
            _pendingWords.Count == 0 ? [] : _pendingWords.ToArray());
        _pendingWords.Clear();
        request.SamplesWritten += count;
        return request.Write(chunk) && !request.IsCancelled;
    }

    private void AddWord(EspeakRequest request, int position, int length, long sample)
    {
        // espeak-ng counts 1-based code points within the segment; map back to UTF-16 indices of the request text.
        var segmentText = request.Text.AsSpan(_segment.Offset, _segment.Length);
        int start = CodePointsToUtf16(segmentText, Math.Max(0, position - 1));
        int end = start + CodePointsToUtf16(segmentText[start..], Math.Max(0, length));
        long startSample = _segmentStartSample + sample;
        _pendingWords.Add(new WordEvent(
            request.Text.Substring(_segment.Offset + start, end - start),
            _segment.Offset + start,
            end - start,
            startSample,
            Pcm16.SamplesToMilliseconds(startSample, SampleRate)));
    }

    private static int CodePointsToUtf16(ReadOnlySpan<char> text, int codePoints)
    {
        int index = 0;
        for (int i = 0; i < codePoints && index < text.Length; i++)
        {
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        }

        return index;
    }
}
