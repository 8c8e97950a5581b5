using Microsoft.AspNetCore.Http.HttpResults;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Contributors.Earnings;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Recording.Prompts;

namespace VoiceFlow.Server.Contributors;

/// <summary>The contributor portal's REST side. Login is <c>POST /api/contributors/login</c> on the token endpoint.</summary>
public static class ContributorsEndpoints
{
    // A minute of 48 kHz stereo 16-bit PCM, plus headers.
    private const long MaxUploadBytes = 12 * 1024 * 1024;

    public static IEndpointRouteBuilder MapContributors(this IEndpointRouteBuilder app)
    {
        var contributors = app.MapGroup("/api/contributors").WithTags("Contributors");
        contributors.MapPost("/register", Register).AllowAnonymous().RateLimited(RateLimitPolicies.Register, RateLimitPartition.ClientIp);
        contributors.MapGet("/me", Me).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapGet("/prompts", Prompts).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapGet("/recordings", ListRecordings).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapGet("/recordings/{id:guid}", GetRecording).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapPost("/recordings", Upload).RequireAuthorization(AuthPolicies.Contributor)
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUploadBytes));
        contributors.MapEarnings();
        return app;
    }

    private static async Task<Results<Created<ContributorProfile>, ProblemHttpResult>> Register(
        RegisterContributorRequest request, HttpContext http, ContributorService contributors, CancellationToken cancellationToken)
    {
        var registration = await contributors.RegisterAsync(request, cancellationToken);
        return registration switch
        {
            { Profile: { } profile } => TypedResults.Created("/api/contributors/me", profile),
            { Limited: { } decision } => RateLimiter.TooManyRequests(http, decision),
            _ => Problems.Conflict(
                "An account with this email already exists. To record with a console account, register with that account's password."),
        };
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

    private static async Task<Ok<List<RecordingView>>> ListRecordings(
        int? page, int? pageSize, HttpContext http, RecordingViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(http.User.RequiredUserId(), Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, 200), cancellationToken));

    private static async Task<Results<Ok<RecordingView>, ProblemHttpResult>> GetRecording(
        Guid id, HttpContext http, RecordingViews views, CancellationToken cancellationToken) =>
        await views.FindAsync(http.User.RequiredUserId(), id, cancellationToken) is { } view ? TypedResults.Ok(view) : Problems.NotFound("The recording");

    /// <summary>Multipart form: <c>audio</c> (a WAV file) and <c>promptId</c>.</summary>
    private static async Task<Results<Created<RecordingView>, ProblemHttpResult>> Upload(
        HttpContext http, TakeUploader uploader, RecordingViews views, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.BadRequest("Invalid upload", "Send multipart/form-data with the fields 'audio' (WAV) and 'promptId'.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return Problems.BadRequest("Invalid upload", $"The multipart body is malformed: {e.Message}");
        }

        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(form["promptId"], out var promptId))
        {
            errors["promptId"] = ["A prompt id is required."];
        }

        if (form.Files.GetFile("audio") is not { Length: > 0 })
        {
            errors["audio"] = ["A WAV file is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(TypedResults.ValidationProblem(errors).ProblemDetails);
        }

        var contributorId = http.User.RequiredUserId();
        await using var audio = form.Files.GetFile("audio")!.OpenReadStream();
        var outcome = await uploader.UploadAsync(contributorId, promptId, audio, cancellationToken);
        if (outcome.RecordingId is not { } id)
        {
            return outcome.Code == "not_found"
                ? Problems.NotFound("The prompt")
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid audio", detail: outcome.Detail,
                    extensions: new Dictionary<string, object?> { ["code"] = outcome.Code });
        }

        var view = await views.FindAsync(contributorId, id, cancellationToken);
        return TypedResults.Created($"/api/contributors/recordings/{id}", view!);
    }
}
