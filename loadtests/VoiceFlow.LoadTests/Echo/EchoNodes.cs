using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace VoiceFlow.LoadTests.Echo;

/// <summary>
/// One or two bare SignalR nodes inside this process, on loopback ports of their own, set up like VoiceFlow's
/// (JSON with camelCase, MessagePack, and with Redis the StackExchange backplane under a channel prefix of this run's).
/// </summary>
public sealed class EchoNodes : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public IReadOnlyList<Uri> Urls { get; private set; } = [];

    /// <summary>The hub context of the first node, which pushes broadcasts like a server-side notifier.</summary>
    public IHubContext<EchoHub> Publisher => _apps[0].Services.GetRequiredService<IHubContext<EchoHub>>();

    public static async Task<EchoNodes> StartAsync(int count, string? redis)
    {
        var nodes = new EchoNodes();
        string prefix = $"vf-loadtest-echo-{Guid.NewGuid():N}";
        var urls = new List<Uri>();
        for (int i = 0; i < count; i++)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var signalR = builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 256 * 1024)
                .AddJsonProtocol(json => json.PayloadSerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase)
                .AddMessagePackProtocol();
            if (redis is not null)
            {
                signalR.AddStackExchangeRedis(o =>
                {
                    o.Configuration = ConfigurationOptions.Parse(redis);
                    o.Configuration.AbortOnConnectFail = false;
                    o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix);
                });
            }

            var app = builder.Build();
            app.UseWebSockets();
            app.MapHub<EchoHub>(EchoHub.Path);
            await app.StartAsync();
            nodes._apps.Add(app);
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            urls.Add(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        }

        nodes.Urls = urls;
        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
