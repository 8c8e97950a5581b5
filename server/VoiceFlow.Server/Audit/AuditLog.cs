using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Audit;

/// <summary>
/// Adds audit entries to the request's unit of work, so an entry is committed by the same SaveChanges
/// (one transaction) as the change it describes, or not at all.
/// </summary>
public sealed class AuditLog(VoiceFlowDbContext db, IHttpContextAccessor httpAccessor, TimeProvider clock)
{
    public void Record(string action, string resourceType, object? resourceId, Guid? userId = null, Guid? teamId = null, Guid? apiKeyId = null)
    {
        var http = httpAccessor.HttpContext;
        var userAgent = http?.Request.Headers.UserAgent.ToString();
        db.AuditLog.Add(new AuditEntry
        {
            Action = action,
            ResourceType = resourceType,
            ResourceId = resourceId?.ToString(),
            UserId = userId,
            TeamId = teamId,
            ApiKeyId = apiKeyId,
            Ip = http?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 512)],
            At = clock.GetUtcNow(),
        });
    }
}
