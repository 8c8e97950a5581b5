using Microsoft.AspNetCore.Http.HttpResults;
using VoiceFlow.Server.Infrastructure.Errors;

namespace VoiceFlow.Server.Teams;

public static class TeamAccessProblems
{
    /// <summary>The ProblemDetails answer for a refused access, or null when access is allowed.</summary>
    public static ProblemHttpResult? ToProblem(this TeamAccessResult result, string resource) => result.Outcome switch
    {
        TeamAccessOutcome.Allowed => null,
        TeamAccessOutcome.Forbidden => Problems.Forbidden($"Your role in this team ({result.Role.ToString()!.ToLowerInvariant()}) does not allow this."),
        _ => Problems.NotFound(resource),
    };
}
