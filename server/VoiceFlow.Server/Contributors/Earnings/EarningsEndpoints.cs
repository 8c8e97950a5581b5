using Microsoft.AspNetCore.Http.HttpResults;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Contributors.Earnings;

public static class EarningsEndpoints
{
    public static RouteGroupBuilder MapEarnings(this RouteGroupBuilder contributors)
    {
        contributors.MapGet("/earnings", Summary).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapGet("/payouts", Payouts).RequireAuthorization(AuthPolicies.Contributor);
        contributors.MapPost("/payouts/request", RequestPayout).RequireAuthorization(AuthPolicies.Contributor);
        return contributors;
    }

    private static async Task<Ok<EarningsSummary>> Summary(HttpContext http, EarningsService earnings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await earnings.SummarizeAsync(http.User.RequiredUserId(), cancellationToken));

    private static async Task<Ok<List<PayoutView>>> Payouts(HttpContext http, EarningsService earnings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await earnings.PayoutsAsync(http.User.RequiredUserId(), cancellationToken));

    private static async Task<Results<Accepted<PayoutView>, ProblemHttpResult>> RequestPayout(
        HttpContext http, EarningsService earnings, CancellationToken cancellationToken)
    {
        var (payout, refusal) = await earnings.RequestPayoutAsync(http.User.RequiredUserId(), cancellationToken);
        return payout is not null
            ? TypedResults.Accepted("/api/contributors/payouts", payout)
            : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Below the minimum payout",
                detail: $"Approved takes not yet paid come to {refusal!.AvailableCents} cents; the minimum payout is {refusal.MinimumCents} cents.",
                extensions: new Dictionary<string, object?> { ["code"] = "below_minimum", ["availableCents"] = refusal.AvailableCents, ["minimumCents"] = refusal.MinimumCents });
    }
}
