namespace VoiceFlow.Server.Deployments.Providers;

/// <summary>The providers this node can drive, by the name stored with each deployment.</summary>
public sealed class DeploymentProviderRegistry(IEnumerable<IDeploymentProvider> providers)
{
    private readonly Dictionary<string, IDeploymentProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IDeploymentProvider? Find(string name) => _byName.GetValueOrDefault(name);
}
