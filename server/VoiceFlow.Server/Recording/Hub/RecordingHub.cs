using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>Contributors stream microphone audio; the work happens in <see cref="TakeRecorder"/>.</summary>
[Authorize(Policy = AuthPolicies.Contributor)]
public sealed class RecordingHub(TakeRecorder recorder) : Microsoft.AspNetCore.SignalR.Hub
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, RecordingHubContract.ContributorGroup(Context.User!.RequiredUserId()));
        await base.OnConnectedAsync();
    }

    public Task<RecordingResult> Record(RecordStart start, IAsyncEnumerable<AudioChunk?> audio) =>
        recorder.RecordAsync(Context.User!.RequiredUserId(), start, audio, Clients.Caller, Context.ConnectionAborted);
}
