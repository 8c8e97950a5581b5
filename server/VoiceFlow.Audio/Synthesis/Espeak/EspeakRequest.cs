using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;

namespace VoiceFlow.Audio.Synthesis.Espeak;

/// <summary>One synthesis request queued on the espeak-ng thread, with its bounded output channel.</summary>
internal sealed class EspeakRequest
{
    /// <summary>Chunks (about 100 ms each) a consumer may fall behind before the writer has to wait.</summary>
    public const int Capacity = 512;

    /// <summary>The scheduler gives a request its next segment only while fewer chunks than this are unread.</summary>
    public const int LowWatermark = 32;

    private readonly Channel<SynthesisChunk> _channel = Channel.CreateBounded<SynthesisChunk>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>How long the synthesis thread waits on a full channel before presuming the consumer gone.</summary>
    private static readonly TimeSpan StalledConsumerTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cancellation = new();
    private int _nextSegment;

    public EspeakRequest(string text, IReadOnlyList<TextSegment> segments, string voiceId, int rateWpm)
    {
        Text = text;
        Segments = segments;
        VoiceId = voiceId;
        RateWpm = rateWpm;
    }

    /// <summary>A request for <paramref name="text"/>, its voice resolved against <paramref name="voices"/>, cut into segments.</summary>
    /// <exception cref="SpeechEngineException">No such voice (<see cref="SpeechErrorCodes.InvalidVoice"/>).</exception>
    public static EspeakRequest For(string text, string voice, SpeechOptions? options, IReadOnlyList<VoiceInfo> voices)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(voice);
        return new EspeakRequest(text, TextSegmenter.Split(text), EspeakVoices.Resolve(voices, voice), EspeakNative.RateFor(options));
    }

    public string Text { get; }

    public IReadOnlyList<TextSegment> Segments { get; }

    public string VoiceId { get; }

    public int RateWpm { get; }

    /// <summary>Samples written so far, i.e. the request-relative offset of the next chunk.</summary>
    public long SamplesWritten { get; set; }

    public ChannelReader<SynthesisChunk> Reader => _channel.Reader;

    public CancellationToken Token => _cancellation.Token;

    public bool IsCancelled => _cancellation.IsCancellationRequested;

    public bool HasMoreSegments => _nextSegment < Segments.Count;

    /// <summary>True once its first segment has been handed to the engine.</summary>
    public bool HasStarted => _nextSegment > 0;

    /// <summary>True when the consumer has room, so synthesizing another segment will not stall the engine.</summary>
    public bool IsReady => !Reader.CanCount || Reader.Count < LowWatermark;

    public TextSegment TakeNextSegment() => Segments[_nextSegment++];

    public byte[] SegmentUtf8(TextSegment segment)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(segment.Length) + 1];
        int length = Encoding.UTF8.GetBytes(Text.AsSpan(segment.Offset, segment.Length), bytes);
        bytes[length] = 0;
        return bytes;
    }

    /// <summary>
    /// The chunks, for the one consumer. <paramref name="wake"/> tells the scheduler to look again: when the consumer
    /// has caught up enough for the request to take its next turn, and when it cancels or gives up (the synthesis then
    /// stops, freeing the engine for others).
    /// </summary>
    public async IAsyncEnumerable<SynthesisChunk> ReadAllAsync(Action wake, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() =>
        {
            Cancel();
            wake();
        });
        try
        {
            while (await Reader.WaitToReadAsync(cancellationToken))
            {
                while (Reader.TryRead(out var chunk))
                {
                    cancellationToken.ThrowIfCancellationRequested();

                    // Reads lower the count one at a time, so this is where a request held back (IsReady false) becomes ready.
                    if (Reader.Count == LowWatermark - 1)
                    {
                        wake();
                    }

                    yield return chunk;
                }
            }
        }
        finally
        {
            Cancel();
            wake();
        }
    }

    /// <summary>Hands a chunk to the consumer; waits only if the consumer is far behind. False if cancelled meanwhile.</summary>
    public bool Write(SynthesisChunk chunk)
    {
        if (_channel.Writer.TryWrite(chunk))
        {
            return true;
        }

        try
        {
            var write = _channel.Writer.WriteAsync(chunk, Token).AsTask();
            if (!write.Wait(StalledConsumerTimeout))
            {
                Cancel();
                return false;
            }

            return true;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException or ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>The asynchronous <see cref="Write"/>, for writers that are not the synthesis thread.</summary>
    public async ValueTask<bool> WriteAsync(SynthesisChunk chunk)
    {
        if (_channel.Writer.TryWrite(chunk))
        {
            return true;
        }

        try
        {
            await _channel.Writer.WriteAsync(chunk, Token).AsTask().WaitAsync(StalledConsumerTimeout);
            return true;
        }
        catch (TimeoutException)
        {
            Cancel();
            return false;
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return false;
        }
    }

    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);
}
