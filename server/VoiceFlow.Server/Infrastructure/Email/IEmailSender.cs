using MimeKit;

namespace VoiceFlow.Server.Infrastructure.Email;

public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
