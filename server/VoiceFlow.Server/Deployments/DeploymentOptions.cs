using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Deployments;

/// <summary>Settings of the <c>Deployments</c> section.</summary>
public sealed class DeploymentOptions
{
    public const string Section = "Deployments";

    /// <summary>Provider for new deployments: <c>local</c> (a worker process on the server's machine) or <c>verda</c>.</summary>
    public string Provider { get; set; } = DeploymentProviders.Local;

    /// <summary>GPU types a deployment may ask for, with their price. Keys are the names clients send.</summary>
    public Dictionary<string, GpuTypeOptions> GpuTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["H100"] = new() { HourlyCostCents = 239, VerdaCompute = "H100" },
        ["A100"] = new() { HourlyCostCents = 129, VerdaCompute = "A100" },
        ["L40S"] = new() { HourlyCostCents = 91, VerdaCompute = "L40S" },
        ["RTX6000Ada"] = new() { HourlyCostCents = 76, VerdaCompute = "RTX 6000 Ada" },
        ["RTXA6000"] = new() { HourlyCostCents = 49, VerdaCompute = "RTX A6000" },
    };

    /// <summary>Engines a deployment may run; the first is the default.</summary>
    public List<string> Engines { get; set; } = ["espeak-ng"];

    /// <summary>Active (not stopped, failed or being stopped) deployments per team and plan; null means unlimited.</summary>
    public int? FreeActiveDeployments { get; set; } = 1;

    public int? ProActiveDeployments { get; set; } = 5;

    public int? EnterpriseActiveDeployments { get; set; }

    public DeploymentDriverOptions Driver { get; set; } = new();

    public LocalProviderOptions Local { get; set; } = new();

    public VerdaOptions Verda { get; set; } = new();

    public int? ActiveLimit(Plan plan) => plan switch
    {
        Plan.Free => FreeActiveDeployments,
        Plan.Pro => ProActiveDeployments,
        _ => EnterpriseActiveDeployments,
    };

    public bool TryGetGpu(string name, out string canonicalName, out GpuTypeOptions gpu)
    {
        foreach (var (key, value) in GpuTypes)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                canonicalName = key;
                gpu = value;
                return true;
            }
        }

        canonicalName = "";
        gpu = null!;
        return false;
    }
}

public sealed class GpuTypeOptions
{
    /// <summary>Price per running hour, in cents: the deployment's <c>hourlyCostCents</c>.</summary>
    public int HourlyCostCents { get; set; }

    /// <summary>Verda's compute name for this GPU (serverless compute resource).</summary>
    public string? VerdaCompute { get; set; }
}

/// <summary>The background service that moves deployments through their lifecycle (one per node).</summary>
public sealed class DeploymentDriverOptions
{
    /// <summary>False: this node serves the API and hub but drives no deployment (another node does).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the node looks for deployments nobody drives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A node's claim on a deployment; renewed at a third of it, taken over by another node once expired.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running deployment is checked (health of its worker).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Starting a deployment that takes longer fails it.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Stopping that takes longer fails it (with its resources possibly still up: the message says so).</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A deployment in one transitional state for longer says so in its message and log.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The text of the real synthesis that must succeed before a deployment counts as running.</summary>
    public string VerificationText { get; set; } = "VoiceFlow deployment check.";

    /// <summary>Recent log lines kept per deployment.</summary>
    public int LogLinesKept { get; set; } = 500;
}

public static class DeploymentProviders
{
    public const string Local = "local";
    public const string Verda = "verda";
}

public static class DeploymentTypes
{
    public const string Serverless = "serverless";
    public const string RawCompute = "raw_compute";
}
