using System.Text.RegularExpressions;

namespace VoiceFlow.Server.Infrastructure.Validation;

/// <summary>Normalizes user-supplied free text before it is stored: markup removed, control characters dropped, white space trimmed.</summary>
public static partial class FreeText
{
    public static string Clean(string text)
    {
        var withoutTags = HtmlTag().Replace(text, "");
        var withoutControls = new string(withoutTags.Where(c => !char.IsControl(c) || c is '\n' or '\t').ToArray());
        return withoutControls.Trim();
    }

    public static string? CleanOptional(string? text) => text is null ? null : Clean(text) is { Length: > 0 } cleaned ? cleaned : null;

    [GeneratedRegex("<[^>]*>|<", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex HtmlTag();
}
