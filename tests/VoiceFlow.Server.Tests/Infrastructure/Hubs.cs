using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceFlow.Server.Tests.Infrastructure;

public enum HubProtocol
{
    Json,
    MessagePack,
}

/// <summary>Real SignalR .NET clients against the in-process server, over WebSockets, in either protocol.</summary>
public static class Hubs
{
    public static async Task<HubConnection> ConnectAsync(this VoiceFlowApp app, string path, HubProtocol protocol, string? accessToken, Action<HttpConnectionOptions>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(app.Server.BaseAddress, path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = app.Server.CreateWebSocketClient();
                client.ConfigureRequest = request =>
                {
                    foreach (var (name, value) in options.Headers)
                    {
                        request.Headers[name] = value;
                    }

                    if (accessToken is not null)
                    {
                        request.Headers.Authorization = $"Bearer {accessToken}";
                    }
                };
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
            options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            if (accessToken is not null)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            }

            configure?.Invoke(options);
        });
        if (protocol == HubProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        await connection.StartAsync();
        return connection;
    }
}
