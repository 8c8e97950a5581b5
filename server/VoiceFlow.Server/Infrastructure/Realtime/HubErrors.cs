using Microsoft.AspNetCore.SignalR;

namespace VoiceFlow.Server.Infrastructure.Realtime;

/// <summary>
/// Hub errors start with a stable code (the contract's <c>invalid_format: ...</c>, <c>quota_exceeded: ...</c>), so clients
/// can branch on the code and show the rest.
/// </summary>
public static class HubErrors
{
    public const string InvalidFormat = "invalid_format";
    public const string InvalidRequest = "invalid_request";
    public const string QuotaExceeded = "quota_exceeded";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string Conflict = "conflict";
    public const string Unavailable = "unavailable";

    public static HubException Error(string code, string message) => new($"{code}: {message}");
}
