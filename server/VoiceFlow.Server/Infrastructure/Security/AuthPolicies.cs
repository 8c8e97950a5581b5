namespace VoiceFlow.Server.Infrastructure.Security;

public static class AuthPolicies
{
    /// <summary>A signed-in person (access token from /api/auth/login).</summary>
    public const string Account = "account";

    /// <summary>An app authenticated by an API key.</summary>
    public const string ApiKey = "api-key";

    /// <summary>Either of the above: routes an SDK may call.</summary>
    public const string AccountOrApiKey = "account-or-api-key";
}
