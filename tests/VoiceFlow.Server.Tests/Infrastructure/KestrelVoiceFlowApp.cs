using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>The app on a real loopback port, for clients that are not .NET (Node.js, browsers).</summary>
public class KestrelVoiceFlowApp : VoiceFlowApp
{
    public KestrelVoiceFlowApp() => UseKestrel(0);

    public string BaseUrl =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}
