namespace VoiceFlow.Server.Infrastructure.Security;

public static class CallerSchemes
{
    /// <summary>The default scheme: looks at the credential and forwards to the API-key or the token handler.</summary>
    public const string Caller = "caller";

    public const string ApiKey = "api-key";
}
