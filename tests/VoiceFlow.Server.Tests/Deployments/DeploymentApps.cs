using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>The server with the local provider and a quick driver: real TtsWorker processes on loopback ports.</summary>
public class LocalDeploymentsApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Deployments:Provider", "local"),
        new("Deployments:Driver:PollInterval", "00:00:00.200"),
        new("Deployments:Driver:ProbeInterval", "00:00:00.500"),
        new("Deployments:Driver:LeaseDuration", "00:00:05"),
        new("Deployments:Driver:StartTimeout", "00:01:30"),
    ];
}

/// <summary>A node that serves the API and hub but drives nothing: deployments stay where the API puts them.</summary>
public class ApiOnlyDeploymentsApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Deployments:Driver:Enabled", "false"),
    ];
}
