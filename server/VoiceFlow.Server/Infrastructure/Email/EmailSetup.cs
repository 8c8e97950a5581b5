namespace VoiceFlow.Server.Infrastructure.Email;

public static class EmailSetup
{
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EmailOptions.Section);
        services.AddOptions<EmailOptions>().Bind(section).ValidateOnStart();
        if (string.IsNullOrWhiteSpace(section[nameof(EmailOptions.SmtpHost)]))
        {
            services.AddSingleton<IEmailSender, OutboxEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }

        services.AddSingleton<EmailComposer>();
        return services;
    }
}
