using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceFlow.LoadTests.Infrastructure;

/// <summary>Plain HTTP to the public REST API, with one shared connection pool.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static HttpClient CreateClient(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    public static HttpRequestMessage Request(HttpMethod method, Uri server, string path, string? bearer = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server, path));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return request;
    }

    /// <summary>
    /// Sends a provisioning request, waiting out 429s as their Retry-After says while <paramref name="patience"/> lasts;
    /// past it, fails with a message naming the limit to raise.
    /// </summary>
    public static async Task<HttpResponseMessage> SendPatientlyAsync(
        HttpClient http, Func<HttpRequestMessage> request, Patience patience, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await http.SendAsync(request(), cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
            var path = response.RequestMessage?.RequestUri?.AbsolutePath;
            response.Dispose();
            if (!patience.TryWait(wait))
            {
                throw new ProvisioningException(
                    $"The server rate-limits {path} (Retry-After {wait.TotalSeconds:0} s) beyond this run's patience of "
                    + $"{patience.Limit.TotalSeconds:0} s. Provisioned accounts are cached, so a later run goes on where this one stopped; "
                    + "for load runs start the server with raised limits (see docs/performance.md, 'Rate limits for load runs').");
            }

            Console.Error.WriteLine($"  {path}: 429, waiting {wait.TotalSeconds:0} s as Retry-After asks");
            await Task.Delay(wait, cancellationToken);
        }
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new ProvisioningException($"{what}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        }
    }
}

/// <summary>How long provisioning may wait for rate limits in total.</summary>
public sealed class Patience(TimeSpan limit)
{
    private long _waitedTicks;

    public TimeSpan Limit { get; } = limit;

    public bool TryWait(TimeSpan wait) => Interlocked.Add(ref _waitedTicks, wait.Ticks) <= Limit.Ticks;
}

public sealed class ProvisioningException(string message) : Exception(message);
