using Microsoft.Extensions.Options;
using VoiceFlow.Server.Deployments;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Web;

public sealed record ConsoleGpuType(string Name, int HourlyCostCents);

/// <summary>What the console's forms offer: the configured GPU types with their price, deployment types and engines.</summary>
public sealed record ConsoleOptions(IReadOnlyList<ConsoleGpuType> GpuTypes, IReadOnlyList<string> DeploymentTypes, IReadOnlyList<string> Engines);

internal static class ConsoleOptionsEndpoint
{
    public const string Path = "/api/console/options";

    public static void MapConsoleOptions(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, (IOptions<DeploymentOptions> options) => TypedResults.Ok(new ConsoleOptions(
                options.Value.GpuTypes.Select(g => new ConsoleGpuType(g.Key, g.Value.HourlyCostCents)).ToList(),
                [Deployments.DeploymentTypes.Serverless, Deployments.DeploymentTypes.RawCompute],
                options.Value.Engines)))
            .WithTags("Console")
            .RequireAuthorization(AuthPolicies.Account);
}
