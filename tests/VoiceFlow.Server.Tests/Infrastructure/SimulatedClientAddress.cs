using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no network peer. This sets the TCP peer address from a test-only header, before
/// anything else runs, so tests can play clients and proxies at different addresses.
/// </summary>
public sealed class SimulatedClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress = http.Request.Headers.TryGetValue(Header, out var peer)
                ? IPAddress.Parse(peer.ToString())
                : IPAddress.Parse("192.0.2.1");
            http.Request.Headers.Remove(Header);
            await nextMiddleware(http);
        });
        next(app);
    };

    public static HttpClient From(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}
