namespace VoiceFlow.Server.Deployments.Providers.Verda;

/// <summary>Verda's container deployment statuses in terms of the deployment lifecycle, each with a message for people.</summary>
public static class VerdaStatusMap
{
    public static (ProviderPhase Phase, string Message) Map(string status, string gpu) => status switch
    {
        "initializing" => (ProviderPhase.Provisioning, $"Verda is allocating a {gpu}"),
        "image_pulling" => (ProviderPhase.Starting, "Verda is pulling the worker image"),
        "version_updating" => (ProviderPhase.Starting, "Verda is rolling out a new version"),
        "healthy" => (ProviderPhase.Ready, "Verda reports the deployment healthy"),
        "degraded" => (ProviderPhase.Degraded, "Verda reports some replicas unhealthy"),
        "unhealthy" => (ProviderPhase.Starting, "Verda reports the container unhealthy: its health check is failing"),
        "paused" => (ProviderPhase.Failed, "The deployment was paused on Verda"),
        "quota_reached" => (ProviderPhase.Failed, $"Verda quota reached: no more {gpu} capacity for this account"),
        _ => (ProviderPhase.Starting, $"Verda reports '{status}'"),
    };
}
