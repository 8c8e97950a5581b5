using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace VoiceFlow.Server.Infrastructure.Validation;

/// <summary>One to ten well-formed BCP 47 language tags (language[-script][-region][-variant]).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed partial class LanguageTagsAttribute : ValidationAttribute
{
    public const int MaxTags = 10;

    public static bool IsWellFormed(string tag) => tag.Length <= 35 && Tag().IsMatch(tag);

    /// <summary>Canonical case: language lower, script title, region upper (en-US, zh-Hant-TW).</summary>
    public static string Canonical(string tag)
    {
        var parts = tag.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = i == 0 ? parts[i].ToLowerInvariant()
                : parts[i].Length == 4 ? char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant()
                : parts[i].Length is 2 or 3 && i <= 2 ? parts[i].ToUpperInvariant()
                : parts[i].ToLowerInvariant();
        }

        return string.Join('-', parts);
    }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not IEnumerable<string> tags)
        {
            return ValidationResult.Success;
        }

        var list = tags.ToList();
        var problem = list.Count switch
        {
            0 => "At least one language is required.",
            > MaxTags => $"At most {MaxTags} languages.",
            _ when list.FirstOrDefault(t => t is null || !IsWellFormed(t)) is { } bad => $"'{bad}' is not a BCP 47 language tag such as en or en-GB.",
            _ => null,
        };
        return problem is null ? ValidationResult.Success : new ValidationResult(problem, [validationContext.MemberName!]);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
