using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Quality.Jobs;

namespace VoiceFlow.Server.Quality.Review;

/// <summary>Staff only: the review queue (<c>/api/admin/recordings</c>) and parked analysis jobs (<c>/api/admin/analysis-jobs</c>).</summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthPolicies.Staff);
        admin.MapGet("/recordings/pending", Pending);
        admin.MapPost("/recordings/{id:guid}/approve", Approve);
        admin.MapPost("/recordings/{id:guid}/reject", Reject);
        admin.MapGet("/analysis-jobs/parked", Parked);
        admin.MapPost("/analysis-jobs/{id:guid}/retry", Retry);
        return app;
    }

    private static async Task<Ok<ReviewPage>> Pending(int? page, int? pageSize, ReviewQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queue.ListAsync(Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 50, 1, 200), cancellationToken));

    private static async Task<Results<Ok<ReviewDecision>, ProblemHttpResult>> Approve(
        Guid id, HttpContext http, ReviewQueue queue, CancellationToken cancellationToken) =>
        Answer(await queue.ApproveAsync(id, http.User.RequiredUserId(), cancellationToken));

    private static async Task<Results<Ok<ReviewDecision>, ProblemHttpResult>> Reject(
        Guid id, RejectRecordingRequest request, HttpContext http, ReviewQueue queue, CancellationToken cancellationToken) =>
        Answer(await queue.RejectAsync(id, http.User.RequiredUserId(), request.Reason, cancellationToken));

    private static Results<Ok<ReviewDecision>, ProblemHttpResult> Answer((ReviewDecision? Decision, ReviewFailure? Failure) outcome) =>
        outcome switch
        {
            ({ } decision, _) => TypedResults.Ok(decision),
            (_, ReviewFailure.NotFound) => Problems.NotFound("The recording"),
            _ => Problems.Conflict("The recording is not waiting for review (it is still being scored or was already decided)."),
        };

    private static async Task<Ok<List<ParkedJob>>> Parked(VoiceFlowDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.AnalysisJobs.AsNoTracking()
            .Where(j => j.Status == AnalysisJobStatus.Parked)
            .OrderBy(j => j.CreatedAt)
            .Select(j => new ParkedJob(j.Id, j.RecordingId, j.Attempts, j.LastError, j.CreatedAt, j.RunAfter))
            .Take(500)
            .ToListAsync(cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Retry(
        Guid id, HttpContext http, AnalysisJobQueue queue, AuditLog audit, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        if (!await queue.RetryParkedAsync(id, cancellationToken))
        {
            return Problems.NotFound("A parked job with this id");
        }

        audit.Record("analysis_job.retry", "analysis_job", id, userId: http.User.RequiredUserId());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
