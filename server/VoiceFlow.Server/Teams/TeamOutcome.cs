using Microsoft.AspNetCore.Http.HttpResults;
using VoiceFlow.Server.Infrastructure.Errors;

namespace VoiceFlow.Server.Teams;

/// <summary>The result of a team operation: a value, or the problem to answer with.</summary>
public sealed record TeamOutcome<T>(T? Value, ProblemHttpResult? Problem)
{
    public static TeamOutcome<T> Ok(T value) => new(value, null);

    public static TeamOutcome<T> Refused(TeamAccessResult access) => new(default, access.ToProblem("The team"));

    public static TeamOutcome<T> Forbidden(string detail) => new(default, Problems.Forbidden(detail));

    public static TeamOutcome<T> Conflict(string detail) => new(default, Problems.Conflict(detail));

    public static TeamOutcome<T> NotFound(string what) => new(default, Problems.NotFound(what));

    public static TeamOutcome<T> Invalid(string detail) => new(default, Problems.BadRequest("Invalid invitation", detail));
}
