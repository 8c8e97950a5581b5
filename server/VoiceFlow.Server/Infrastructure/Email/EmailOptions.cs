namespace VoiceFlow.Server.Infrastructure.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "VoiceFlow <no-reply@voiceflow.local>";

    /// <summary>SMTP host. When empty, messages are written as .eml files to the data folder's outbox.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public bool SmtpStartTls { get; set; } = true;

    /// <summary>Base URL used in links sent by email.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";
}
