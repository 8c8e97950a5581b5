using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Infrastructure.Validation;

/// <summary>Free text: not blank when present, at most <paramref name="maxLength"/> characters once trimmed and cleaned.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute(int maxLength) : ValidationAttribute
{
    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text)
        {
            return ValidationResult.Success;
        }

        var cleaned = FreeText.Clean(text);
        if (cleaned.Length == 0)
        {
            return new ValidationResult("The value must not be blank.", [validationContext.MemberName!]);
        }

        return cleaned.Length > MaxLength
            ? new ValidationResult($"The value must have at most {MaxLength} characters.", [validationContext.MemberName!])
            : ValidationResult.Success;
    }
}
