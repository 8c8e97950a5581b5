using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

/// <summary>
/// What a hub connection's request resolved while it was authenticated (database contexts, token caches) and the
/// token it was authenticated with are let go once the connection is let in, not hours later when it closes; the
/// connection goes on working as the same caller. Over a real socket:
/// Kestrel, unlike the in-memory test server, knows a WebSocket request only as an upgrade until SignalR accepts it.
/// </summary>
public sealed class HubConnectionScopeTests(HubConnectionScopeTests.ProbedApp app) : IClassFixture<HubConnectionScopeTests.ProbedApp>
{
    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task Services_resolved_before_a_hub_takes_the_connection_are_released_while_it_stays_open(HubProtocol protocol)
    {
        var user = await app.CreateClient().SignUpAsync();
        var probeId = Guid.NewGuid().ToString("N");

        var builder = new HubConnectionBuilder().WithUrl($"{app.BaseUrl}/hubs/deployments", options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken);
            options.Headers[ProbedApp.Header] = probeId;
        });
        if (protocol == HubProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        await using var connection = builder.Build();
        await connection.StartAsync(TestContext.Current.CancellationToken);

        var probe = app.Probe(probeId);
        await probe.Released.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.Equal(user.Id.ToString(), probe.Request!.User.FindFirst("sub")?.Value);
        Assert.Equal(0, probe.Request.Request.Headers.Authorization.Count);
        Assert.False(IsReachable(probe.Scope!), "The connection still holds the scope its authentication filled.");
        var watched = await connection.InvokeAsync<List<object>>("Watch", TestContext.Current.CancellationToken);
        Assert.Empty(watched);
    }

    private static bool IsReachable(WeakReference scope)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return scope.IsAlive;
    }

    [Fact]
    public async Task A_rest_request_keeps_its_services_until_it_has_responded()
    {
        var user = await app.CreateClient().SignUpAsync();
        var probeId = Guid.NewGuid().ToString("N");
        var client = app.ClientFor(user);
        client.DefaultRequestHeaders.Add(ProbedApp.Header, probeId);

        var response = await client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var probe = app.Probe(probeId);
        await probe.Released.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(probe.ReleasedBeforeResponseStarted);
    }

    /// <summary>
    /// Resolves a scoped probe into the scope of every request that names one, first thing, so it is in the scope
    /// authentication fills.
    /// </summary>
    public sealed class ProbedApp : KestrelVoiceFlowApp
    {
        public const string Header = "X-Test-Scope-Probe";
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ScopeProbe> _probes = new();

        public ScopeProbe Probe(string id) =>
            _probes.TryGetValue(id, out var probe) ? probe : throw new InvalidOperationException($"No request carried probe {id}.");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddScoped<ScopeProbe>();
                services.AddSingleton<IStartupFilter>(new ProbeFirst(this));
            });
        }

        private sealed class ProbeFirst(ProbedApp app) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
            {
                builder.Use(async (http, nextMiddleware) =>
                {
                    if (http.Request.Headers.TryGetValue(Header, out var id))
                    {
                        var probe = http.RequestServices.GetRequiredService<ScopeProbe>();
                        probe.Request = http;
                        probe.Scope = new WeakReference(http.RequestServices);
                        http.Response.OnStarting(() =>
                        {
                            probe.ReleasedBeforeResponseStarted = probe.Released.IsCompleted;
                            return Task.CompletedTask;
                        });
                        app._probes[id.ToString()] = probe;
                    }

                    await nextMiddleware(http);
                });
                next(builder);
            };
        }
    }

    public sealed class ScopeProbe : IDisposable
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool ReleasedBeforeResponseStarted { get; set; }

        public HttpContext? Request { get; set; }

        public WeakReference? Scope { get; set; }

        public Task Released => _released.Task;

        public void Dispose() => _released.TrySetResult();
    }
}
