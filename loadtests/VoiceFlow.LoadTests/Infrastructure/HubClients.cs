using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceFlow.LoadTests.Infrastructure;

/// <summary>
/// .NET SignalR clients as an app would build them: WebSockets without a negotiate round trip (so any node of a
/// cluster can take the connection), a bearer token or API key, JSON or MessagePack. The hub messages are records
/// with <c>[Key("camelCase")]</c> (see Contracts.cs), so both protocols carry the keys the server's records use.
/// </summary>
public static class HubClients
{
    public static HubConnection Build(Uri hubUrl, WireProtocol protocol, string? bearer)
    {
        var builder = new HubConnectionBuilder().WithUrl(hubUrl, options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            if (bearer is not null)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(bearer);
            }
        });
        if (protocol == WireProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        // Under load a server can be slow to ping; a disconnect would be a measurement artefact, not a finding.
        connection.ServerTimeout = TimeSpan.FromSeconds(90);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        return connection;
    }

    /// <summary>Starts <paramref name="count"/> connections at most <paramref name="parallel"/> at a time; failures are counted, not thrown.</summary>
    public static async Task<(List<T> Started, int Failed, string? FirstError)> StartManyAsync<T>(
        int count, Func<int, CancellationToken, Task<T>> start, int parallel, CancellationToken cancellationToken, Action<int>? progress = null)
    {
        var started = new T[count];
        var ok = new bool[count];
        int failed = 0, done = 0;
        string? firstError = null;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            try
            {
                started[i] = await start(i, ct);
                ok[i] = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.GetBaseException().Message, null);
            }

            int n = Interlocked.Increment(ref done);
            if (n % 500 == 0)
            {
                progress?.Invoke(n);
            }
        });
        return ([.. started.Where((_, i) => ok[i])], failed, firstError);
    }
}
