using Microsoft.AspNetCore.Http.HttpResults;

namespace VoiceFlow.Server.Infrastructure.Errors;

/// <summary>Writes RFC 7807 answers from places that are not endpoints (middleware, authentication).</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext http, int status, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(http);

    public static Task WriteValidationAsync(HttpContext http, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more validation errors occurred.").ExecuteAsync(http);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} does not exist.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
