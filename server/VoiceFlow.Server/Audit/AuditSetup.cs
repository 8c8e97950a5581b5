namespace VoiceFlow.Server.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddScoped<AuditLog>();
}
