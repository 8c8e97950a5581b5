using System.Text.RegularExpressions;
using MimeKit;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>Reads the emails the server wrote to its outbox, as a developer following a link would.</summary>
public static partial class Outbox
{
    public static IReadOnlyList<MimeMessage> MessagesTo(this VoiceFlowApp app, string email)
    {
        if (!Directory.Exists(app.OutboxDirectory))
        {
            return [];
        }

        return Directory.GetFiles(app.OutboxDirectory, "*.eml")
            .Order(StringComparer.Ordinal)
            .Select(path => MimeMessage.Load(path))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The token of the newest link to <paramref name="page"/> sent to the address.</summary>
    public static string LinkToken(this VoiceFlowApp app, string email, string page)
    {
        var message = app.MessagesTo(email).LastOrDefault(m => (m.TextBody ?? "").Contains($"/{page}?token=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No {page} email was sent to {email}.");
        var match = TokenLink().Match(message.TextBody ?? "");
        Assert.True(match.Success, "The email holds no token link.");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    [GeneratedRegex(@"\?token=([A-Za-z0-9%_\-]+)")]
    private static partial Regex TokenLink();
}
