using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

public enum TtsProtocol
{
    Json,
    MessagePack,
}

/// <summary>A signed-up user with one API key, as an app developer has after creating a key in the console.</summary>
public sealed record TtsKey(TestUser User, HttpClient Account, string Key, Guid Id, Guid TeamId);

/// <summary>Real SignalR .NET clients of /hubs/tts against the in-process server.</summary>
public static class TtsClients
{
    public const string Text = "Hello world, this is VoiceFlow speaking.";

    public static async Task<TtsKey> CreateKeyAsync(this VoiceFlowApp app)
    {
        var user = await app.CreateClient().SignUpAsync();
        var account = app.ClientFor(user);
        var response = await account.PostAsJsonAsync("/api/keys", new { name = "TTS app" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var current = app.CreateClient();
        current.DefaultRequestHeaders.Add("X-API-Key", key);
        var teamId = (await current.GetFromJsonAsync<JsonElement>("/api/keys/current")).GetProperty("teamId").GetGuid();
        return new TtsKey(user, account, key, created.GetProperty("id").GetGuid(), teamId);
    }

    public static async Task RevokeAsync(this TtsKey key) =>
        Assert.Equal(HttpStatusCode.NoContent, (await key.Account.DeleteAsync($"/api/keys/{key.Id}")).StatusCode);

    /// <summary>
    /// Connects with the key in the <c>X-API-Key</c> header (over WebSockets, or long polling), or as <c>access_token</c>
    /// in the query string as browsers do.
    /// </summary>
    public static HubConnection TtsConnection(
        this VoiceFlowApp app, string key, TtsProtocol protocol,
        HttpTransportType transport = HttpTransportType.WebSockets, bool keyInQuery = false,
        Action<IHubConnectionBuilder>? configure = null, bool asBearer = false)
    {
        var url = new Uri(app.Server.BaseAddress, keyInQuery ? $"{TtsHubContract.Path}?access_token={Uri.EscapeDataString(key)}" : TtsHubContract.Path);
        var builder = new HubConnectionBuilder().WithUrl(url, options =>
        {
            options.Transports = transport;
            options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            if (asBearer)
            {
                options.Headers["Authorization"] = $"Bearer {key}";
            }
            else if (!keyInQuery)
            {
                options.Headers["X-API-Key"] = key;
            }

            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = app.Server.CreateWebSocketClient();
                client.ConfigureRequest = request =>
                {
                    foreach (var (name, value) in options.Headers)
                    {
                        request.Headers[name] = value;
                    }
                };
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
        });
        if (configure is not null)
        {
            configure(builder);
        }
        else if (protocol == TtsProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }

    public static async Task<HubConnection> ConnectTtsAsync(this VoiceFlowApp app, string key, TtsProtocol protocol,
        HttpTransportType transport = HttpTransportType.WebSockets, bool keyInQuery = false)
    {
        var connection = app.TtsConnection(key, protocol, transport, keyInQuery);
        await connection.StartAsync();
        return connection;
    }

    public static async Task<List<TtsChunk>> SynthesizeAllAsync(this HubConnection connection, TtsRequest request, CancellationToken cancellationToken = default)
    {
        var chunks = new List<TtsChunk>();
        await foreach (var chunk in connection.StreamAsync<TtsChunk>("Synthesize", request, cancellationToken))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>
    /// The stable code of a hub error (SignalR puts its own sentence before the server's message, e.g.
    /// "An error occurred on the server while streaming results. HubException: quota_exceeded: …").
    /// </summary>
    public static string Code(this HubException error)
    {
        const string marker = "HubException: ";
        var message = error.Message;
        int start = message.LastIndexOf(marker, StringComparison.Ordinal);
        var text = start >= 0 ? message[(start + marker.Length)..] : message;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? text[..colon] : text;
    }

    /// <summary>Runs a stream to its end and returns the hub error it ended with, and how many chunks came before it.</summary>
    public static async Task<(string Code, int Chunks)> StreamErrorAsync(IAsyncEnumerable<TtsChunk> stream)
    {
        int chunks = 0;
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in stream)
            {
                chunks++;
            }
        });
        return (error.Code(), chunks);
    }

    /// <summary>All audio of a stream, concatenated.</summary>
    public static byte[] Audio(this IEnumerable<TtsChunk> chunks) => chunks.SelectMany(c => c.Audio).ToArray();

    public static TtsUsageWriter UsageWriter(this VoiceFlowApp app) => app.Services.GetRequiredService<TtsUsageWriter>();
}
