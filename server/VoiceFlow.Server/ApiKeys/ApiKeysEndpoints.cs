using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Infrastructure.Validation;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.ApiKeys;

/// <summary>Key management for signed-in users. <c>teamId</c> (query) picks the team; the personal team otherwise.</summary>
public static class ApiKeysEndpoints
{
    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("API keys").RequireAuthorization(AuthPolicies.Account);
        keys.MapPost("/", Create).RateLimited(RateLimitPolicies.CreateApiKey, RateLimitPartition.User);
        keys.MapGet("/", List);
        keys.MapDelete("/{id:guid}", Revoke);

        // For SDKs: "which key am I using?", answered to the key itself.
        app.MapGet("/api/keys/current", Current).WithTags("API keys").RequireAuthorization(AuthPolicies.ApiKey);
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> Create(
        CreateApiKeyRequest request, Guid? teamId, HttpContext http, TeamAccess access, VoiceFlowDbContext db,
        AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = http.User.RequiredUserId();
        var team = await access.CheckAsync(userId, teamId, TeamRole.Developer, cancellationToken);
        if (team.ToProblem("The team") is { } problem)
        {
            return problem;
        }

        var raw = ApiKeyFormat.Generate();
        var key = new ApiKey
        {
            TeamId = team.TeamId,
            CreatedByUserId = userId,
            Name = FreeText.Clean(request.Name),
            Description = FreeText.CleanOptional(request.Description),
            Prefix = ApiKeyFormat.DisplayPrefix(raw),
            Hash = ApiKeyFormat.Hash(raw),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        audit.Record("api_key.create", "api_key", key.Id, userId: userId, teamId: team.TeamId);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, key.Prefix, raw, key.CreatedAt));
    }

    private static async Task<Results<Ok<List<ApiKeySummary>>, ProblemHttpResult>> List(
        Guid? teamId, HttpContext http, TeamAccess access, VoiceFlowDbContext db, ApiKeyUsageTracker usage,
        CancellationToken cancellationToken)
    {
        var team = await access.CheckAsync(http.User.RequiredUserId(), teamId, TeamRole.Viewer, cancellationToken);
        if (team.ToProblem("The team") is { } problem)
        {
            return problem;
        }

        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.TeamId == team.TeamId)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(k => Summarize(k, usage.Pending(k.Id))).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, HttpContext http, TeamAccess access, VoiceFlowDbContext db, AuditLog audit, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var userId = http.User.RequiredUserId();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        var team = key is null
            ? TeamAccessResult.NotFound
            : await access.CheckAsync(userId, key.TeamId, TeamRole.Developer, cancellationToken);
        if (team.ToProblem("The API key") is { } problem)
        {
            return problem;
        }

        if (key!.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            audit.Record("api_key.revoke", "api_key", key.Id, userId: userId, teamId: key.TeamId);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CurrentApiKey>, ProblemHttpResult>> Current(
        HttpContext http, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var keyId = http.User.ApiKeyId();
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        return key is null
            ? Problems.NotFound("The API key")
            : TypedResults.Ok(new CurrentApiKey(key.Id, key.Name, key.Prefix, key.TeamId, key.CreatedAt));
    }

    private static ApiKeySummary Summarize(ApiKey key, ApiKeyUsageTracker.Usage? pending)
    {
        var lastUsed = pending is { } p && (key.LastUsedAt is null || p.LastUsedAt > key.LastUsedAt) ? p.LastUsedAt : key.LastUsedAt;
        return new ApiKeySummary(key.Id, key.Name, key.Description, key.Prefix, key.CreatedAt, lastUsed,
            key.RequestCount + (pending?.Count ?? 0), key.RevokedAt);
    }
}
