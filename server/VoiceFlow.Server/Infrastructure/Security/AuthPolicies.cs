namespace VoiceFlow.Server.Infrastructure.Security;

public static class AuthPolicies
{
    /// <summary>A signed-in person (access token from /api/auth/login).</summary>
    public const string Account = "account";

    /// <summary>An app authenticated by an API key.</summary>
    public const string ApiKey = "api-key";

    /// <summary>A signed-in voice contributor (token from /api/contributors/login or a later refresh).</summary>
    public const string Contributor = "contributor";

    /// <summary>VoiceFlow staff (review queue, prompt import).</summary>
    public const string Staff = "staff";

    /// <summary>Either of the above: routes an SDK may call.</summary>
    public const string AccountOrApiKey = "account-or-api-key";
}
