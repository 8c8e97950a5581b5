using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Deployments;

/// <summary>The value must name a GPU type of <see cref="DeploymentOptions.GpuTypes"/> (case-insensitive).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ConfiguredGpuTypeAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string name)
        {
            return ValidationResult.Success;
        }

        var options = validationContext.GetRequiredService<IOptions<DeploymentOptions>>().Value;
        return options.TryGetGpu(name, out _, out _)
            ? ValidationResult.Success
            : new ValidationResult($"Unknown GPU type. Use one of: {string.Join(", ", options.GpuTypes.Keys)}.", [validationContext.MemberName!]);
    }
}

/// <summary>The value, when given, must name an engine of <see cref="DeploymentOptions.Engines"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ConfiguredEngineAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string name)
        {
            return ValidationResult.Success;
        }

        var options = validationContext.GetRequiredService<IOptions<DeploymentOptions>>().Value;
        return options.Engines.Contains(name, StringComparer.Ordinal)
            ? ValidationResult.Success
            : new ValidationResult($"Unknown engine. Use one of: {string.Join(", ", options.Engines)}.", [validationContext.MemberName!]);
    }
}
