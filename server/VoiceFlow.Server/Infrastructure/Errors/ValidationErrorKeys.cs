using System.Text.Json;

namespace VoiceFlow.Server.Infrastructure.Errors;

/// <summary>
/// Names each field in a 400's <c>errors</c> the way the request body spells it (<c>voiceProfile.ageRange</c>),
/// whether the error came from the validation filter (which uses the C# property path, <c>VoiceProfile.AgeRange</c>)
/// or from an endpoint.
/// </summary>
public static class ValidationErrorKeys
{
    public static void UseJsonNames(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            return;
        }

        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in validation.Errors)
        {
            var name = ToJsonPath(key);
            renamed[name] = renamed.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        validation.Errors = renamed;
    }

    /// <summary><c>VoiceProfile.AgeRange</c> → <c>voiceProfile.ageRange</c>; <c>Items[2].Text</c> → <c>items[2].text</c>.</summary>
    private static string ToJsonPath(string key) => string.Join('.', key.Split('.').Select(segment =>
    {
        var index = segment.IndexOf('[');
        return index < 0
            ? JsonNamingPolicy.CamelCase.ConvertName(segment)
            : JsonNamingPolicy.CamelCase.ConvertName(segment[..index]) + segment[index..];
    }));
}
