using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// Streams takes in real time over one connection, as a browser's microphone would: one chunk every chunk period on an
/// absolute schedule, and measures each Feedback from the moment the chunk it reports on was handed to the client.
/// Used alike for the recording hub and the echo floor, so the two differ only in the hub at the other end.
/// </summary>
public sealed class RealtimeStreamer
{
    private readonly HubConnection _connection;
    private readonly Metric _feedback;
    private readonly Metric _sendLag;
    private readonly FeedbackTimeline? _timeline;
    private readonly int _chunkMs;
    private readonly Lock _gate = new();
    private long[] _sentAt = [];
    private bool[] _seen = [];

    public RealtimeStreamer(HubConnection connection, int chunkMs, Metric feedback, Metric sendLag, FeedbackTimeline? timeline)
    {
        _timeline = timeline;
        _connection = connection;
        _chunkMs = chunkMs;
        _feedback = feedback;
        _sendLag = sendLag;
        connection.On<RecordingFeedback>("Feedback", OnFeedback);
    }

    private void OnFeedback(RecordingFeedback feedback)
    {
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            long index = (feedback.AtMs / _chunkMs) - 1;
            if (index < 0 || index >= _sentAt.Length || _seen[index] || _sentAt[index] == 0)
            {
                return;
            }

            _seen[index] = true;
            var latency = Stopwatch.GetElapsedTime(_sentAt[index], now);
            _feedback.Record(latency);
            _timeline?.Add(now, _feedback.Name, latency, feedback.AtMs);
        }
    }

    /// <summary>
    /// Streams one take through <paramref name="method"/>; stops sending early (completing the take) when
    /// <paramref name="stop"/> fires. Returns the hub's result.
    /// </summary>
    public async Task<RecordingResult> StreamAsync(string method, object start, byte[][] chunks, CancellationToken stop, CancellationToken abort)
    {
        lock (_gate)
        {
            _sentAt = new long[chunks.Length];
            _seen = new bool[chunks.Length];
        }

        var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var invocation = _connection.InvokeAsync<RecordingResult>(method, start, channel.Reader, abort);
        long period = Stopwatch.Frequency * _chunkMs / 1000;
        long due = Stopwatch.GetTimestamp();
        try
        {
            for (int i = 0; i < chunks.Length && !stop.IsCancellationRequested && !invocation.IsCompleted; i++)
            {
                long wait = due - Stopwatch.GetTimestamp();
                if (wait > Stopwatch.Frequency / 2000)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), abort);
                }

                long now = Stopwatch.GetTimestamp();
                if (now > due)
                {
                    _sendLag.Record(Stopwatch.GetElapsedTime(due, now));
                }
                else
                {
                    _sendLag.RecordValue(0.001);
                }

                lock (_gate)
                {
                    _sentAt[i] = now;
                }

                channel.Writer.TryWrite(chunks[i]);
                due += period;
            }
        }
        finally
        {
            channel.Writer.TryComplete();
        }

        return await invocation;
    }
}
