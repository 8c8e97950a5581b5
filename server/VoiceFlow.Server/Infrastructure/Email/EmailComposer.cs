using Microsoft.Extensions.Options;
using MimeKit;

namespace VoiceFlow.Server.Infrastructure.Email;

/// <summary>Builds the product's emails; every link points at the configured public URL.</summary>
public sealed class EmailComposer(IOptions<EmailOptions> options)
{
    public MimeMessage VerifyEmail(string to, string name, string token) =>
        Compose(to, name, "Verify your VoiceFlow email address",
            $"Hello {name},\n\nConfirm your email address by opening this link (valid for 24 hours):\n{Link("verify-email", token)}\n\nIf you did not sign up for VoiceFlow, ignore this message.\n");

    public MimeMessage ResetPassword(string to, string name, string token) =>
        Compose(to, name, "Reset your VoiceFlow password",
            $"Hello {name},\n\nChoose a new password by opening this link (valid for 1 hour):\n{Link("reset-password", token)}\n\nIf you did not ask for this, ignore this message: your password stays as it is.\n");

    public MimeMessage Compose(string to, string name, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(name, to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    public string Link(string page, string token) =>
        $"{options.Value.PublicUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";
}
