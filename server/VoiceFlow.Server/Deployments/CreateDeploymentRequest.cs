using System.ComponentModel.DataAnnotations;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Deployments;

/// <summary><c>POST /api/deployments</c>. <c>gpuType</c> and <c>engine</c> are checked against the configured lists.</summary>
public sealed record CreateDeploymentRequest(
    [property: Required, StringLength(63, MinimumLength = 3)]
    [property: RegularExpression("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", ErrorMessage = "Use lower-case letters, digits and hyphens, starting and ending with a letter or digit.")]
    string Name,
    [property: Required, ConfiguredGpuType] string GpuType,
    [property: Required, OneOf(DeploymentTypes.Serverless, DeploymentTypes.RawCompute)] string DeploymentType,
    [property: ConfiguredEngine] string? Engine);
