using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace VoiceFlow.Audio.Synthesis.Espeak.Processes;

/// <summary>
/// espeak-ng in a pool of child processes (<see cref="EspeakEngineHost"/>), so synthesis runs on several cores at
/// once and a native crash takes down one child, not the server. Scheduling is the in-process engine's, spread over
/// the pool: requests are cut into segments (sentences) and served round-robin, one segment per turn and new requests
/// first (<see cref="SegmentTurns"/>), to whichever process is free; a request has at most one segment in flight (its audio stays in order) and gets its next turn only
/// while its consumer keeps up. A process that dies fails the segment it was running and is replaced.
/// </summary>
public sealed partial class EspeakProcessPool : ISpeechEngine, IAsyncDisposable
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    private readonly EspeakProcessPoolOptions _options;
    private readonly ILogger _logger;
    private readonly PoolSlot[] _slots;
    private readonly IReadOnlyList<VoiceInfo> _voices;
    private readonly ConcurrentQueue<PooledRequest> _incoming = new();
    private readonly ConcurrentQueue<PoolSlot> _idle = new();
    private readonly List<PooledRequest> _active = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task[] _loops;
    private int _roundRobin;
    private int _nextTag;

    private EspeakProcessPool(EspeakProcessPoolOptions options, EngineHostProcess[] processes)
    {
        _options = options;
        _logger = options.Logger;
        SampleRate = processes[0].SampleRate;
        _voices = processes[0].Voices;
        _slots = processes.Select(p => new PoolSlot(p)).ToArray();
        foreach (var slot in _slots)
        {
            _idle.Enqueue(slot);
        }

        _loops = [.. _slots.Select(slot => Task.Run(() => ServeAsync(slot))), Task.Run(DispatchAsync)];
    }

    public string Name => "espeak-ng";

    public int SampleRate { get; }

    /// <summary>The ids of the engine processes running now.</summary>
    public IReadOnlyList<int> ProcessIds => _slots.Select(s => s.ProcessId).Where(id => id > 0).ToList();

    /// <exception cref="SpeechEngineException">The library is missing or a process could not start (<see cref="SpeechErrorCodes.EngineUnavailable"/>).</exception>
    public static async Task<EspeakProcessPool> StartAsync(EspeakProcessPoolOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Processes);
        if (!EspeakEngine.IsAvailable)
        {
            throw EspeakEngine.MissingLibraryError();
        }

        var starts = Enumerable.Range(0, options.Processes)
            .Select(_ => EngineHostProcess.StartAsync(options.StartInfo(), options.StartTimeout, cancellationToken))
            .ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully))
            {
                started.Result.Dispose();
            }

            throw starts.Select(s => s.Exception?.InnerException).OfType<SpeechEngineException>().FirstOrDefault()
                ?? starts.First(s => s.IsFaulted || s.IsCanceled).Exception?.InnerException
                ?? new OperationCanceledException(cancellationToken);
        }

        return new EspeakProcessPool(options, starts.Select(s => s.Result).ToArray());
    }

    public IReadOnlyList<VoiceInfo> ListVoices() => _voices;

    public IAsyncEnumerable<SynthesisChunk> SynthesizeAsync(
        string text,
        string voice,
        SpeechOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return Stream(new PooledRequest(EspeakRequest.For(text, voice, options, _voices)), cancellationToken);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var slot in _slots)
        {
            var process = slot.Process;
            slot.Retire()?.Request.Request.Complete(new ObjectDisposedException(nameof(EspeakProcessPool)));
            process?.Dispose();
        }

        while (_incoming.TryDequeue(out var request))
        {
            request.Request.Complete(new ObjectDisposedException(nameof(EspeakProcessPool)));
        }

        foreach (var request in _active)
        {
            request.Request.Complete(new ObjectDisposedException(nameof(EspeakProcessPool)));
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async IAsyncEnumerable<SynthesisChunk> Stream(PooledRequest pooled, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        _incoming.Enqueue(pooled);
        Wake();
        await foreach (var chunk in pooled.Request.ReadAllAsync(Wake, linked.Token))
        {
            yield return chunk;
        }
    }

    private async Task DispatchAsync()
    {
        var token = _disposed.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                while (_incoming.TryDequeue(out var request))
                {
                    _active.Add(request);
                }

                await SendCancellationsAsync();
                RemoveFinished();
                while (TakeIdleSlot() is { } slot)
                {
                    var next = PickNext();
                    if (next is null)
                    {
                        _idle.Enqueue(slot);
                        break;
                    }

                    await AssignAsync(slot, next);
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(_active.Count == 0 ? Timeout.InfiniteTimeSpan : IdlePoll);
                try
                {
                    await _wake.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // The poll interval passed: look again (a consumer may have caught up).
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private PoolSlot? TakeIdleSlot()
    {
        while (_idle.TryDequeue(out var slot))
        {
            // A slot can be queued twice around a restart; only a live slot without work is really idle.
            if (slot.IsIdle)
            {
                return slot;
            }
        }

        return null;
    }

    private PooledRequest? PickNext() => SegmentTurns.Pick(
        _active,
        ref _roundRobin,
        p => !p.InFlight && !p.Request.IsCancelled && p.Request.HasMoreSegments && p.Request.IsReady,
        p => p.Request);

    private void RemoveFinished()
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var pooled = _active[i];
            var request = pooled.Request;
            if (!pooled.InFlight && (request.IsCancelled || !request.HasMoreSegments))
            {
                request.Complete(request.IsCancelled ? new OperationCanceledException(request.Token) : null);
                _active.RemoveAt(i);
            }
        }
    }

    private async Task AssignAsync(PoolSlot slot, PooledRequest pooled)
    {
        var request = pooled.Request;
        var segment = request.TakeNextSegment();
        var assignment = new SegmentAssignment(pooled, ++_nextTag, segment, request.SamplesWritten);
        pooled.InFlight = true;
        if (!slot.TryAssign(assignment, out var process))
        {
            // Died between the idle check and now: its restart re-queues it; the segment goes to the next free slot.
            pooled.InFlight = false;
            request.Complete(new SpeechEngineException(SpeechErrorCodes.SynthesisFailed, "The espeak-ng engine process stopped."));
            request.Cancel();
            return;
        }

        try
        {
            await process.SendSegmentAsync(
                assignment.Tag, request.RateWpm, segment.EndsSentence, request.VoiceId, request.Text.Substring(segment.Offset, segment.Length));
        }
        catch (IOException)
        {
            // The process is gone; its reader fails this assignment and replaces the process.
        }
    }

    private async Task SendCancellationsAsync()
    {
        foreach (var slot in _slots)
        {
            if (slot.TakeCancellation() is { } cancellation)
            {
                try
                {
                    await cancellation.Process.SendCancelAsync(cancellation.Tag);
                }
                catch (IOException)
                {
                    // Gone already; nothing left to stop.
                }
            }
        }
    }

    /// <summary>Reads one slot's process until it exits, then replaces it; runs for the pool's lifetime.</summary>
    private async Task ServeAsync(PoolSlot slot)
    {
        var token = _disposed.Token;
        while (!token.IsCancellationRequested)
        {
            var process = slot.Process!;
            try
            {
                await ReadUntilExitAsync(slot, process, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
            {
                LogProcessStreamBroken(_logger, process.Id, e.Message);
            }

            if (token.IsCancellationRequested)
            {
                return;
            }

            string exit = process.DescribeExit();
            LogProcessStopped(_logger, process.Id, exit);
            if (slot.Retire() is { } lost)
            {
                lost.Request.Request.Complete(new SpeechEngineException(
                    SpeechErrorCodes.SynthesisFailed, $"The espeak-ng engine process stopped during synthesis ({exit})."));
                lost.Request.Request.Cancel();
                lost.Request.InFlight = false;
            }

            process.Dispose();
            var replacement = await RestartAsync(token);
            if (replacement is null)
            {
                return;
            }

            slot.Revive(replacement);
            _idle.Enqueue(slot);
            Wake();
        }
    }

    private async Task ReadUntilExitAsync(PoolSlot slot, EngineHostProcess process, CancellationToken token)
    {
        while (await process.ReadAsync(token) is { } frame)
        {
            if (frame.Kind == HostFrames.Audio)
            {
                var assignment = slot.Current;
                if (assignment is not null && ToChunk(frame.Body.Span, assignment) is { } chunk)
                {
                    assignment.Request.Request.SamplesWritten += chunk.Samples.Length;
                    if (!await assignment.Request.Request.WriteAsync(chunk))
                    {
                        Wake();
                    }
                }
            }
            else if (frame.Kind == HostFrames.Done)
            {
                var (tag, status, code, message) = ParseDone(frame.Body.Span);
                if (slot.Finish(tag) is { } finished)
                {
                    if (status == DoneStatus.Failed)
                    {
                        finished.Request.Request.Complete(new SpeechEngineException(code, message));
                        finished.Request.Request.Cancel();
                    }

                    finished.Request.InFlight = false;
                    _idle.Enqueue(slot);
                    Wake();
                }
            }
        }
    }

    private async Task<EngineHostProcess?> RestartAsync(CancellationToken token)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!token.IsCancellationRequested)
        {
            try
            {
                var process = await EngineHostProcess.StartAsync(_options.StartInfo(), _options.StartTimeout, token);
                LogProcessStarted(_logger, process.Id);
                return process;
            }
            catch (SpeechEngineException e)
            {
                LogRestartFailed(_logger, e.Message, delay.TotalSeconds);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return null;
            }

            try
            {
                await Task.Delay(delay, token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRestartDelay.Ticks));
        }

        return null;
    }

    /// <summary>The chunk a child's audio frame carries, placed on the request's clock; null if it is for a stale or cancelled segment.</summary>
    private SynthesisChunk? ToChunk(ReadOnlySpan<byte> span, SegmentAssignment assignment)
    {
        var body = new FrameBody(span);
        var request = assignment.Request.Request;
        if (body.Int32() != assignment.Tag || request.IsCancelled)
        {
            return null;
        }

        int sampleCount = body.Int32();
        int wordCount = body.Int32();
        var samples = body.Samples(sampleCount);
        var words = wordCount == 0 ? [] : new WordEvent[wordCount];
        var segment = assignment.Segment;
        for (int i = 0; i < wordCount; i++)
        {
            int offset = segment.Offset + body.Int32();
            int length = body.Int32();
            long startSample = assignment.SegmentStartSample + body.Int64();
            words[i] = new WordEvent(
                request.Text.Substring(offset, length), offset, length, startSample, Pcm16.SamplesToMilliseconds(startSample, SampleRate));
        }

        return new SynthesisChunk(samples, SampleRate, request.SamplesWritten, words);
    }

    private static (int Tag, DoneStatus Status, string Code, string Message) ParseDone(ReadOnlySpan<byte> span)
    {
        var body = new FrameBody(span);
        return (body.Int32(), (DoneStatus)body.Byte(), body.String(), body.String());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "espeak-ng engine process {ProcessId} started")]
    private static partial void LogProcessStarted(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "espeak-ng engine process {ProcessId} stopped: {Exit}")]
    private static partial void LogProcessStopped(ILogger logger, int processId, string exit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "espeak-ng engine process {ProcessId} sent a broken stream: {Reason}")]
    private static partial void LogProcessStreamBroken(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "An espeak-ng engine process could not be started ({Reason}); trying again in {DelaySeconds} s")]
    private static partial void LogRestartFailed(ILogger logger, string reason, double delaySeconds);
}
