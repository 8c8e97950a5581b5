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
