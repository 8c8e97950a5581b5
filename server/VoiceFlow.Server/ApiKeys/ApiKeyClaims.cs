using System.Security.Claims;

namespace VoiceFlow.Server.ApiKeys;

public static class ApiKeyClaims
{
    public const string KeyId = "vf_key_id";
    public const string TeamId = "vf_team_id";

    public static Guid? ApiKeyId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(KeyId)?.Value, out var id) ? id : null;

    public static Guid? ApiKeyTeamId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(TeamId)?.Value, out var id) ? id : null;
}
