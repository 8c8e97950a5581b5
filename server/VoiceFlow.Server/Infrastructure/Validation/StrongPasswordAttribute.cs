using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Infrastructure.Validation;

/// <summary>At least 8 characters with an upper-case letter and a digit; at most 128 (bcrypt reads 72 bytes).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class StrongPasswordAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string password)
        {
            return ValidationResult.Success;
        }

        var problem = password.Length switch
        {
            < 8 => "The password must have at least 8 characters.",
            > 128 => "The password must have at most 128 characters.",
            _ when !password.Any(char.IsUpper) => "The password must contain an upper-case letter.",
            _ when !password.Any(char.IsDigit) => "The password must contain a digit.",
            _ => null,
        };
        return problem is null ? ValidationResult.Success : new ValidationResult(problem, [validationContext.MemberName!]);
    }
}
