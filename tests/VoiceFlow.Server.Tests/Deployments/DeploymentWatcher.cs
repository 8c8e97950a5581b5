using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Deployments;
using VoiceFlow.Server.Deployments.Realtime;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>A message as a client without the server's types sees it: its keys and values.</summary>
public sealed record Seen(string Method, IReadOnlyDictionary<string, object?> Fields)
{
    public Guid Id => Guid.Parse(Text("id")!);

    public string? Status => Text("status");

    public string? PreviousStatus => Text("previousStatus");

    public string? Message => Text("message");

    public string? Line => Text("line");

    /// <summary>A status change (not a message-only update, whose status equals its previous status).</summary>
    public bool IsTransition => Method == DeploymentsHubProtocol.DeploymentChanged && Status != PreviousStatus;

    public string? Text(string key) => Fields.TryGetValue(key, out var value) ? value?.ToString() : null;
}

/// <summary>
/// A real SignalR client of /hubs/deployments (WebSockets through the test server) in JSON or MessagePack.
/// Pushed messages are read untyped (JsonElement, or MessagePack maps), so the test sees the wire keys.
/// </summary>
public sealed class DeploymentWatcher : IAsyncDisposable
{
    private readonly List<Seen> _seen = [];
    private readonly HubConnection _connection;

    private DeploymentWatcher(HubConnection connection, bool messagePack)
    {
        _connection = connection;
        foreach (var method in new[] { DeploymentsHubProtocol.DeploymentChanged, DeploymentsHubProtocol.DeploymentLog })
        {
            if (messagePack)
            {
                connection.On<Dictionary<object, object?>>(method, map => Add(new Seen(method, FromMessagePack(map))));
            }
            else
            {
                connection.On<JsonElement>(method, json => Add(new Seen(method, FromJson(json))));
            }
        }
    }

    public IReadOnlyList<Seen> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public static Task<DeploymentWatcher> ConnectAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> app, TestUser user, bool messagePack = false)
        where TEntryPoint : class => ConnectAsync(app, user.AccessToken, messagePack);

    public static async Task<DeploymentWatcher> ConnectAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> app, string? accessToken, bool messagePack = false)
        where TEntryPoint : class
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(app.Server.BaseAddress, DeploymentsHubProtocol.Path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            options.AccessTokenProvider = () => Task.FromResult(accessToken);
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = app.Server.CreateWebSocketClient();
                client.ConfigureRequest = request =>
                {
                    if (accessToken is not null)
                    {
                        request.Headers.Authorization = $"Bearer {accessToken}";
                    }
                };
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        await connection.StartAsync();
        return new DeploymentWatcher(connection, messagePack);
    }

    public async Task<List<DeploymentStatus>> WatchAsync() => await _connection.InvokeAsync<List<DeploymentStatus>>(DeploymentsHubProtocol.Watch);

    public Task UnwatchAsync() => _connection.InvokeAsync(DeploymentsHubProtocol.Unwatch);

    public IReadOnlyList<Seen> ChangesOf(Guid id) =>
        Seen.Where(s => s.Method == DeploymentsHubProtocol.DeploymentChanged && s.Id == id).ToList();

    public IReadOnlyList<string> TransitionsOf(Guid id) => ChangesOf(id).Where(s => s.IsTransition).Select(s => s.Status!).ToList();

    public IReadOnlyList<Seen> LogsOf(Guid id) => Seen.Where(s => s.Method == DeploymentsHubProtocol.DeploymentLog && s.Id == id).ToList();

    /// <summary>Waits (generously) until the deployment's status change to <paramref name="status"/> arrived.</summary>
    public Task<Seen> WaitForStatusAsync(Guid id, string status, int seconds = 90) =>
        WaitForAsync(() => ChangesOf(id).FirstOrDefault(s => s.IsTransition && s.Status == status), $"'{status}' for {id}", seconds);

    public async Task<Seen> WaitForAsync(Func<Seen?> find, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        var seen = string.Join("\n", Seen.Select(s => $"{s.Method} {string.Join(", ", s.Fields.Select(f => $"{f.Key}={f.Value}"))}"));
        throw new TimeoutException($"No {what} within {seconds} s. Seen:\n{seen}");
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void Add(Seen seen)
    {
        lock (_seen)
        {
            _seen.Add(seen);
        }
    }

    private static Dictionary<string, object?> FromJson(JsonElement json) =>
        json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => p.Value.GetString(),
            _ => (object?)p.Value.GetRawText(),
        });

    private static Dictionary<string, object?> FromMessagePack(Dictionary<object, object?> map) =>
        map.ToDictionary(p => (string)p.Key, p => p.Value);
}

/// <summary>Deployment REST calls shared by the tests.</summary>
public static class DeploymentApi
{
    public static object Body(string name, string gpuType = "L40S", string deploymentType = "serverless") =>
        new { name, gpuType, deploymentType };

    public static async Task<DeploymentStatus> CreateOkAsync(this HttpClient client, string name, Guid? teamId = null, string gpuType = "L40S")
    {
        var response = await client.PostAsJsonAsync(teamId is null ? "/api/deployments" : $"/api/deployments?teamId={teamId}", Body(name, gpuType));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DeploymentStatus>())!;
    }

    public static async Task<DeploymentStatus> GetDeploymentAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<DeploymentStatus>($"/api/deployments/{id}"))!;

    /// <summary>Polls the REST answer until the deployment reaches <paramref name="status"/> (generous wait).</summary>
    public static async Task<DeploymentStatus> WaitForStatusAsync(this HttpClient client, Guid id, string status, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        DeploymentStatus current;
        do
        {
            current = await client.GetDeploymentAsync(id);
            if (current.Status == status)
            {
                return current;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Deployment {id} is '{current.Status}' ({current.Message}), not '{status}', after {seconds} s.");
    }

    public static async Task<Guid> PersonalTeamAsync(this HttpClient client)
    {
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return me.GetProperty("teams").EnumerateArray().First().GetProperty("teamId").GetGuid();
    }

    public static string NodeId<TEntryPoint>(this WebApplicationFactory<TEntryPoint> app)
        where TEntryPoint : class =>
        app.Services.GetRequiredService<VoiceFlow.Server.Deployments.Lifecycle.DeploymentNode>().Id;
}
