using Microsoft.AspNetCore.SignalR;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Recording.Hub;

namespace VoiceFlow.Server.Quality;

/// <summary>Tells a contributor's open recording-hub connections (on any node, through the backplane) that a take was decided.</summary>
public sealed class RecordingScoredNotifier(IHubContext<RecordingHub> hub, ILogger<RecordingScoredNotifier> logger)
{
    public async Task NotifyAsync(Guid contributorId, Guid recordingId, RecordingStatus status, int? qualityScore, int paymentCents)
    {
        var message = new RecordingScoredMessage(recordingId, status.ToString().ToLowerInvariant(), qualityScore, paymentCents);
        try
        {
            await hub.Clients.Group(RecordingHubContract.ContributorGroup(contributorId))
                .SendAsync(RecordingHubContract.RecordingScored, message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The decision is stored; the contributor sees it in their list even if the live message is lost.
            logger.LogWarning(e, "Could not send RecordingScored for {RecordingId}", recordingId);
        }
    }
}
