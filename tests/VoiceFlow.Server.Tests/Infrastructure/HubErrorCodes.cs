using Microsoft.AspNetCore.SignalR;

namespace VoiceFlow.Server.Tests.Infrastructure;

public static class HubErrorCodes
{
    /// <summary>
    /// The stable code of a hub error. SignalR sends a HubException's message after its own prefix
    /// ("An unexpected error occurred invoking 'X' on the server. HubException: code: detail").
    /// </summary>
    public static string Code(this HubException error)
    {
        const string marker = "HubException: ";
        var message = error.Message;
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        var text = start >= 0 ? message[(start + marker.Length)..] : message;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? text[..colon] : text;
    }
}
