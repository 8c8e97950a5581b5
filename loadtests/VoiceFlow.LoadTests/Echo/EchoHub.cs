using MessagePack;
using Microsoft.AspNetCore.SignalR;
using VoiceFlow.LoadTests.Infrastructure;

namespace VoiceFlow.LoadTests.Echo;

/// <summary>
/// The transport floor: a SignalR hub that does nothing but what every VoiceFlow hub must do to move messages. Streams
/// get a small reply (shaped like the recording hub's Feedback) every <c>replyEveryMs</c> of audio received, and
/// group members get broadcasts pushed from outside the hub (as the deployment notifier pushes changes).
/// </summary>
public sealed class EchoHub : Hub
{
    public const string Path = "/hubs/echo";
    public const string Reply = "Feedback";
    public const string Broadcast = "DeploymentChanged";

    public async Task<RecordingResult> Stream(EchoStart start, IAsyncEnumerable<byte[]> audio)
    {
        long samples = 0;
        double lastReplyMs = 0;
        int seq = 0;
        var caller = Clients.Caller;
        await foreach (var chunk in audio)
        {
            samples += chunk.Length / 2;
            double durationMs = samples * 1000.0 / start.SampleRate;
            if (durationMs - lastReplyMs >= start.ReplyEveryMs)
            {
                lastReplyMs = durationMs;
                await caller.SendAsync(Reply, EchoFeedback.At(++seq, (long)durationMs));
            }
        }

        long totalMs = samples * 1000 / start.SampleRate;
        await caller.SendAsync(Reply, EchoFeedback.At(++seq, totalMs));
        return new RecordingResult(Guid.Empty, totalMs, "echo", 0);
    }

    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
}

/// <summary>The same keys and value types as the recording hub's Feedback, so both floors carry messages of one size.</summary>
[MessagePackObject]
public sealed record EchoFeedback(
    [property: Key("seq")] int Seq,
    [property: Key("atMs")] long AtMs,
    [property: Key("rmsDbfs")] double RmsDbfs,
    [property: Key("peakDbfs")] double PeakDbfs,
    [property: Key("clippedSamples")] long ClippedSamples,
    [property: Key("speaking")] bool Speaking,
    [property: Key("noiseFloorDbfs")] double NoiseFloorDbfs,
    [property: Key("snrDb")] double? SnrDb,
    [property: Key("durationMs")] long DurationMs,
    [property: Key("warnings")] IReadOnlyList<string> Warnings)
{
    public static EchoFeedback At(int seq, long atMs) => new(seq, atMs, -23.4, -6.1, 0, true, -61.2, 31.5, atMs, []);
}
