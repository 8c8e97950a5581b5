using MimeKit;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Infrastructure.Email;

/// <summary>Development mail: each message becomes an .eml file in the data folder's outbox, so links can be followed locally.</summary>
internal sealed class OutboxEmailSender(DataDirectory data, TimeProvider clock, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var outbox = data.Folder("outbox");
        var name = $"{clock.GetUtcNow():yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml";
        var path = Path.Combine(outbox, name);
        await message.WriteToAsync(path, cancellationToken);
        logger.LogInformation("Wrote email {Subject} to the outbox as {File}", message.Subject, name);
    }
}
