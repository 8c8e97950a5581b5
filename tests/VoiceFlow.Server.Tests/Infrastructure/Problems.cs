using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceFlow.Server.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 7807 answer with the status (and title when given) and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }

        return problem;
    }

    /// <summary>A 400 whose <c>errors</c> name each field exactly as the request body spells it (a nested one by its last part).</summary>
    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(
                errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.Ordinal)
                    || e.Name.EndsWith("." + field, StringComparison.Ordinal)),
                $"Expected a validation error for '{field}', got: {errors}");
        }

        return problem;
    }
}
