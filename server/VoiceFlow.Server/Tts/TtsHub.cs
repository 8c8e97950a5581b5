using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using VoiceFlow.Server.ApiKeys;
using VoiceFlow.Server.Infrastructure.Realtime;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Tts;

/// <summary>
/// <c>/hubs/tts</c> for apps with an API key (contract: Voices, Synthesize, SynthesizeText). Validates and hands off to
/// <see cref="TtsService"/>; errors are <c>invalid_request</c>, <c>forbidden</c>, <c>not_found</c>, <c>quota_exceeded</c> and
/// <c>unavailable</c>, and every refusal comes before any audio.
/// </summary>
[Authorize(Policy = AuthPolicies.ApiKey)]
public sealed class TtsHub(TtsService tts) : Hub
{
    public IReadOnlyList<TtsVoice> Voices() => tts.Voices;

    /// <summary>Streams the speech of <c>request.text</c> as fixed-duration chunks; the last has <c>final: true</c>.</summary>
    public IAsyncEnumerable<TtsChunk> Synthesize(TtsRequest request, CancellationToken cancellationToken)
    {
        var job = tts.Validate(request?.Voice, request?.Format, request?.DeploymentId);
        var text = tts.ValidateText(request!.Text);
        return tts.SynthesizeAsync(Caller(), job, text, cancellationToken);
    }

    /// <summary>Streams the speech of text that arrives in pieces, sentence by sentence as each one completes.</summary>
    public IAsyncEnumerable<TtsChunk> SynthesizeText(TtsTextOptions options, IAsyncEnumerable<string> text, CancellationToken cancellationToken)
    {
        var job = tts.Validate(options?.Voice, options?.Format, options?.DeploymentId);
        return tts.SynthesizeTextAsync(Caller(), job, text, cancellationToken);
    }

    private TtsCaller Caller() =>
        Context.User?.ApiKeyId() is { } keyId && Context.User.ApiKeyTeamId() is { } teamId
            ? new TtsCaller(keyId, teamId)
            : throw HubErrors.Error(HubErrors.Forbidden, "An API key is required.");
}
