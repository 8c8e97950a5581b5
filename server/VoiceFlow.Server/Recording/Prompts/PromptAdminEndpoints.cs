using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Recording.Prompts;

public static class PromptAdminEndpoints
{
    private const long MaxImportBytes = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPromptAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/prompts/import", Import)
            .WithTags("Admin").RequireAuthorization(AuthPolicies.Staff)
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes));
        return app;
    }

    /// <summary>Imports a prompt file sent as the body: <c>application/json</c> (array) or <c>text/csv</c>; <c>?language=</c> fills missing languages.</summary>
    private static async Task<Results<Ok<PromptImportResult>, ProblemHttpResult>> Import(
        string? language, HttpContext http, PromptCatalog catalog, AuditLog audit, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var contentType = http.Request.ContentType ?? "";
        IReadOnlyList<PromptImportItem> items;
        try
        {
            items = contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
                ? await PromptFiles.ReadCsvAsync(http.Request.Body, cancellationToken)
                : contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                    ? await PromptFiles.ReadJsonAsync(http.Request.Body, cancellationToken)
                    : throw new FormatException("Send the prompts as application/json (an array) or text/csv.");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return Problems.BadRequest("Invalid prompt file", e.Message);
        }

        var result = await catalog.ImportAsync(items, language, cancellationToken);
        audit.Record("prompts.import", "prompt_set", null, userId: http.User.RequiredUserId());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(result);
    }
}
