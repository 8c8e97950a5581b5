using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Deployments.Providers.Verda;

/// <summary>
/// Verda's (DataCrunch's) public API for serverless containers. Authenticates with OAuth2 client credentials
/// (<c>POST /oauth2/token</c>), keeps the token until shortly before it expires, and authenticates again once
/// when a call is answered 401. A 429 is retried after its Retry-After (capped), a few times.
/// </summary>
public sealed partial class VerdaClient(
    IHttpClientFactory httpClients, IOptions<DeploymentOptions> options, TimeProvider clock, ILogger<VerdaClient> logger)
{
    public const string HttpClientName = "verda";
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenExpiresAt;

    private VerdaOptions Settings => options.Value.Verda;

    public async Task<VerdaDeployment> CreateDeploymentAsync(object body, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url("/container-deployments"))
        {
            Content = JsonContent.Create(body),
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created before (a retry after a crash, or another node): take it as it is.
            return await GetDeploymentAsync(name, cancellationToken)
                ?? throw new DeploymentProviderException($"Verda says the deployment {name} exists but does not return it.");
        }

        await EnsureSuccessAsync(response, "create the container deployment", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<VerdaDeployment>(cancellationToken))!;
    }

    public async Task<VerdaDeployment?> GetDeploymentAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"/container-deployments/{Uri.EscapeDataString(name)}")), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "read the container deployment", cancellationToken);
        return await response.Content.ReadFromJsonAsync<VerdaDeployment>(cancellationToken);
    }

    /// <summary>The deployment's status (<c>initializing</c>, <c>healthy</c>, ...), or null when it does not exist.</summary>
    public async Task<string?> GetStatusAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"/container-deployments/{Uri.EscapeDataString(name)}/status")), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "read the deployment status", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<VerdaStatus>(cancellationToken))?.Status;
    }

    public async Task<IReadOnlyList<VerdaReplica>> GetReplicasAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"/container-deployments/{Uri.EscapeDataString(name)}/replicas")), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        await EnsureSuccessAsync(response, "read the replicas", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<VerdaReplicaList>(cancellationToken))?.List ?? [];
    }

    /// <summary>Deletes the deployment; one that is already gone counts as deleted.</summary>
    public async Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, Url($"/container-deployments/{Uri.EscapeDataString(name)}")), cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, "delete the container deployment", cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var reauthenticated = false;
        for (var throttled = 0; ; )
        {
            var token = await TokenAsync(cancellationToken);
            var request = build();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await SendOnceAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && !reauthenticated)
            {
                response.Dispose();
                reauthenticated = true;
                LogReauthenticating(logger);
                await ForgetTokenAsync(token, cancellationToken);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests && throttled < Settings.MaxRateLimitRetries)
            {
                throttled++;
                var wait = RetryAfter(response);
                response.Dispose();
                LogThrottled(logger, wait.TotalSeconds);
                await Task.Delay(wait, clock, cancellationToken);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Dispose();
                throw new DeploymentProviderException("Verda keeps answering 429 (rate limited); trying again later.");
            }

            return response;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.RequestTimeout);
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeploymentProviderException($"Verda could not be reached: {e.Message}", inner: e);
        }
        finally
        {
            request.Dispose();
        }
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && clock.GetUtcNow() < _tokenExpiresAt)
            {
                return _token;
            }

            if (string.IsNullOrEmpty(Settings.ClientId) || string.IsNullOrEmpty(Settings.ClientSecret))
            {
                throw new DeploymentProviderException(
                    "Verda credentials are not configured: set Deployments:Verda:ClientId and Deployments:Verda:ClientSecret.", permanent: true);
            }

            for (var throttled = 0; ; throttled++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, Url("/oauth2/token"))
                {
                    Content = JsonContent.Create(new Dictionary<string, string>
                    {
                        ["grant_type"] = "client_credentials",
                        ["client_id"] = Settings.ClientId,
                        ["client_secret"] = Settings.ClientSecret,
                    }),
                };
                using var response = await SendOnceAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && throttled < Settings.MaxRateLimitRetries)
                {
                    await Task.Delay(RetryAfter(response), clock, cancellationToken);
                    continue;
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
                {
                    throw new DeploymentProviderException(
                        $"Verda refused the client credentials ({(int)response.StatusCode}); check Deployments:Verda:ClientId and ClientSecret.", permanent: true);
                }

                await EnsureSuccessAsync(response, "authenticate", cancellationToken);
                var token = await response.Content.ReadFromJsonAsync<VerdaToken>(cancellationToken)
                    ?? throw new DeploymentProviderException("Verda's token endpoint answered without a token.");
                _token = token.AccessToken;
                _tokenExpiresAt = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn)) - ExpiryMargin;
                LogAuthenticated(logger, token.ExpiresIn);
                return _token;
            }
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task ForgetTokenAsync(string rejected, CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token == rejected)
            {
                _token = null;
            }
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? date - clock.GetUtcNow() : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Settings.MaxRetryAfter ? Settings.MaxRetryAfter : wait;
    }

    private string Url(string path) => $"{Settings.BaseUrl.TrimEnd('/')}{path}";

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = body.Length > 300 ? body[..300] : body;
        // 4xx other than the ones handled are mistakes in the request: retrying will not help.
        var permanent = (int)response.StatusCode is >= 400 and < 500;
        throw new DeploymentProviderException(
            string.Create(CultureInfo.InvariantCulture, $"Verda could not {action}: {(int)response.StatusCode} {detail}"), permanent);
    }

    [LoggerMessage(LogLevel.Information, "Authenticated with Verda; the token lasts {ExpiresIn} s")]
    private static partial void LogAuthenticated(ILogger logger, long expiresIn);

    [LoggerMessage(LogLevel.Information, "Verda answered 401: authenticating again")]
    private static partial void LogReauthenticating(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Verda answered 429: retrying in {Seconds:0.#} s")]
    private static partial void LogThrottled(ILogger logger, double seconds);
}

public sealed record VerdaToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);

public sealed record VerdaDeployment(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("endpoint_base_url")] string? EndpointBaseUrl);

public sealed record VerdaStatus([property: JsonPropertyName("status")] string Status);

public sealed record VerdaReplica(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status);

public sealed record VerdaReplicaList([property: JsonPropertyName("list")] IReadOnlyList<VerdaReplica> List);
