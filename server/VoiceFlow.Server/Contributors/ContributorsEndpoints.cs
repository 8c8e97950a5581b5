using Microsoft.AspNetCore.Http.HttpResults;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Recording.Prompts;

namespace VoiceFlow.Server.Contributors;

/// <summary>The contributor portal's REST side. Login is <c>POST /api/contributors/login</c> on the token endpoint.</summary>
public static class ContributorsEndpoints
{
    public static IEndpointRouteBuilder MapContributors(this IEndpointRouteBuilder app)
    {
        var contributors = app.MapGroup("/api/contributors").WithTags("Contributors");
        contributors.MapPost("/register", Register).AllowAnonymous().RateLimited(RateLimitPolicies.Register, RateLimitPartition.ClientIp);
        contributors.MapGet("/me", Me).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapGet("/prompts", Prompts).RequireAuthorization(AuthPolicies.Contributor);
        return app;
    }

    private static async Task<Results<Created<ContributorProfile>, ProblemHttpResult>> Register(
        RegisterContributorRequest request, ContributorService contributors, CancellationToken cancellationToken)
    {
        var profile = await contributors.RegisterAsync(request, cancellationToken);
        return profile is null
            ? Problems.Conflict("An account with this email already exists.")
            : TypedResults.Created("/api/contributors/me", profile);
    }

    private static async Task<Results<Ok<ContributorProfile>, ProblemHttpResult>> Me(
        HttpContext http, ContributorService contributors, CancellationToken cancellationToken) =>
        await contributors.FindAsync(http.User.RequiredUserId(), cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : Problems.NotFound("The contributor profile");

    private static async Task<Results<Ok<List<PromptView>>, ProblemHttpResult>> Prompts(
        int? count, HttpContext http, PromptCatalog catalog, CancellationToken cancellationToken)
    {
        if (count is < 1 or > PromptCatalog.MaxCount)
        {
            return TypedResults.Problem(TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["count"] = [$"Must be 1 to {PromptCatalog.MaxCount}."] }).ProblemDetails);
        }

        return TypedResults.Ok(await catalog.NextAsync(http.User.RequiredUserId(), count ?? 5, cancellationToken));
    }
}
