using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Infrastructure.Validation;

/// <summary>The value must be one of a fixed set of (case-sensitive) words.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(params string[] allowed) : ValidationAttribute
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is not string text || Allowed.Contains(text, StringComparer.Ordinal)
            ? ValidationResult.Success
            : new ValidationResult($"Must be one of: {string.Join(", ", Allowed)}.", [validationContext.MemberName!]);
}
