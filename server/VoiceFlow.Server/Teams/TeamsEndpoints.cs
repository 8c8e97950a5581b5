using Microsoft.AspNetCore.Http.HttpResults;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Teams;

public static class TeamsEndpoints
{
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/teams").WithTags("Teams").RequireAuthorization(AuthPolicies.Account);
        teams.MapGet("/", async (HttpContext http, TeamService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(http.User.RequiredUserId(), ct)));
        teams.MapPost("/", async Task<Created<TeamSummary>> (CreateTeamRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
        {
            var team = await service.CreateAsync(http.User.RequiredUserId(), request.Name, ct);
            return TypedResults.Created($"/api/teams/{team.Id}", team);
        });
        teams.MapGet("/{teamId:guid}/members", async (Guid teamId, HttpContext http, TeamService service, CancellationToken ct) =>
            Answer(await service.MembersAsync(http.User.RequiredUserId(), teamId, ct)));
        teams.MapPost("/{teamId:guid}/members", async (Guid teamId, InviteMemberRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
        {
            var outcome = await service.InviteAsync(http.User.RequiredUserId(), teamId, request.Email, TeamRoles.Parse(request.Role), ct);
            return outcome.Problem is { } problem
                ? (Results<Accepted<InvitationView>, ProblemHttpResult>)problem
                : TypedResults.Accepted((string?)null, outcome.Value);
        });
        teams.MapPatch("/{teamId:guid}/members/{userId:guid}", async (Guid teamId, Guid userId, ChangeRoleRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
            Answer(await service.ChangeRoleAsync(http.User.RequiredUserId(), teamId, userId, TeamRoles.Parse(request.Role), ct)));
        teams.MapDelete("/{teamId:guid}/members/{userId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid teamId, Guid userId, HttpContext http, TeamService service, CancellationToken ct) =>
            (await service.RemoveAsync(http.User.RequiredUserId(), teamId, userId, ct)).Problem is { } problem ? problem : TypedResults.NoContent());
        teams.MapPost("/invitations/accept", async (AcceptInvitationRequest request, HttpContext http, TeamService service, CancellationToken ct) =>
            Answer(await service.AcceptAsync(http.User.RequiredUserId(), request.Token, ct)));
        return app;
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(TeamOutcome<T> outcome) =>
        outcome.Problem is { } problem ? problem : TypedResults.Ok(outcome.Value!);
}
