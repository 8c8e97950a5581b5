using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Signals;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>
/// A local stand-in for Verda's API on 127.0.0.1 (real Kestrel, real HTTP): OAuth2 client credentials, container
/// deployments with a scripted status progression, replicas, delete, and the deployment's inference endpoint.
/// It can expire every issued token and throttle the next requests with 429, and records what it was asked.
/// Deployment names decide the script: <c>vf-never-*</c> stays unhealthy, <c>vf-quota-*</c> hits the quota.
/// </summary>
public sealed class VerdaStandIn : IAsyncDisposable
{
    public const string ClientId = "vf-client";
    public const string ClientSecret = "vf-secret";
    public const string InferenceKey = "inference-key";

    private static readonly string[] HealthyScript = ["initializing", "initializing", "image_pulling", "image_pulling", "healthy"];
    private static readonly string[] NeverHealthyScript = ["initializing", "image_pulling", "unhealthy"];
    private static readonly string[] QuotaScript = ["initializing", "quota_reached"];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, StandInDeployment> _deployments = new();
    private readonly ConcurrentBag<string> _validTokens = [];
    private readonly List<Served> _served = [];
    private int _tokensIssued;
    private int _apiCalls;
    private int _expireAtCall = -1;
    private int _throttleAtCall = -1;
    private int _callsAboutThrottled;
    private string? _throttledDeployment;

    public VerdaStandIn()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/oauth2/token", IssueToken);
        _app.MapPost("/v1/container-deployments", Create);
        _app.MapGet("/v1/container-deployments/{name}", Get);
        _app.MapGet("/v1/container-deployments/{name}/status", Status);
        _app.MapGet("/v1/container-deployments/{name}/replicas", Replicas);
        _app.MapDelete("/v1/container-deployments/{name}", Delete);
        _app.MapPost("/inference/{name}/v1/audio/speech", Speech);
    }

    public string Root { get; private set; } = "";

    /// <summary>Verda's API base, as configured in Deployments:Verda:BaseUrl.</summary>
    public string BaseUrl => $"{Root}/v1";

    public int TokensIssued => _tokensIssued;

    public IReadOnlyList<Served> Served
    {
        get
        {
            lock (_served)
            {
                return [.. _served];
            }
        }
    }

    public IReadOnlyDictionary<string, StandInDeployment> Deployments => _deployments;

    public async Task StartAsync()
    {
        await _app.StartAsync();
        Root = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Every token issued so far stops working at the <paramref name="call"/>th API call from now (that call gets 401).</summary>
    public void ExpireTokensAtCall(int call) => _expireAtCall = Volatile.Read(ref _apiCalls) + call;

    /// <summary>
    /// The <paramref name="call"/>th API call from now about a deployment whose name starts with <paramref name="namePrefix"/>
    /// gets 429 with Retry-After: 1 (calls about other tests' deployments do not count, so the throttled call is one its
    /// own deployment's driver repeats).
    /// </summary>
    public void ThrottleCall(int call, string namePrefix)
    {
        _throttledDeployment = $"/container-deployments/{namePrefix}";
        _throttleAtCall = Volatile.Read(ref _callsAboutThrottled) + call;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult IssueToken(TokenRequest request)
    {
        if (request.grant_type != "client_credentials" || request.client_id != ClientId || request.client_secret != ClientSecret)
        {
            Record("POST /oauth2/token", 401);
            return Results.Json(new { code = "unauthorized_request", message = "Invalid client credentials" }, statusCode: 401);
        }

        var token = $"token-{Interlocked.Increment(ref _tokensIssued)}";
        _validTokens.Add(token);
        Record("POST /oauth2/token", 200);
        return Results.Ok(new { access_token = token, refresh_token = "unused", token_type = "Bearer", expires_in = 3600, scope = "cloud-api-v1" });
    }

    private IResult Create(HttpContext http, JsonElement body)
    {
        if (Refuse(http, "POST /container-deployments") is { } refused)
        {
            return refused;
        }

        var name = body.GetProperty("name").GetString()!;
        var script = name.StartsWith("vf-never-", StringComparison.Ordinal) ? NeverHealthyScript
            : name.StartsWith("vf-quota-", StringComparison.Ordinal) ? QuotaScript
            : HealthyScript;
        var deployment = new StandInDeployment(name, body.Clone(), script, $"{Root}/inference/{name}");
        if (!_deployments.TryAdd(name, deployment))
        {
            Record("POST /container-deployments", 409);
            return Results.Json(new { code = "conflict" }, statusCode: 409);
        }

        Record("POST /container-deployments", 201);
        return Results.Json(new { name, endpoint_base_url = deployment.Endpoint, created_at = DateTime.UtcNow }, statusCode: 201);
    }

    private IResult Get(HttpContext http, string name)
    {
        if (Refuse(http, $"GET /container-deployments/{name}") is { } refused)
        {
            return refused;
        }

        return _deployments.TryGetValue(name, out var d)
            ? Results.Ok(new { name, endpoint_base_url = d.Endpoint })
            : Results.NotFound();
    }

    private IResult Status(HttpContext http, string name)
    {
        if (Refuse(http, $"GET /container-deployments/{name}/status") is { } refused)
        {
            return refused;
        }

        if (!_deployments.TryGetValue(name, out var d))
        {
            Record($"GET /container-deployments/{name}/status", 404);
            return Results.NotFound();
        }

        var status = d.NextStatus();
        Record($"GET /container-deployments/{name}/status", 200, status);
        return Results.Ok(new { status });
    }

    private IResult Replicas(HttpContext http, string name)
    {
        if (Refuse(http, $"GET /container-deployments/{name}/replicas") is { } refused)
        {
            return refused;
        }

        var running = _deployments.TryGetValue(name, out var d) && d.CurrentStatus == "healthy";
        Record($"GET /container-deployments/{name}/replicas", 200);
        var list = new[] { new { id = "replica-1", status = "running", started_at = DateTime.UtcNow } };
        return Results.Ok(new { list = running ? list : list[..0] });
    }

    private IResult Delete(HttpContext http, string name)
    {
        if (Refuse(http, $"DELETE /container-deployments/{name}") is { } refused)
        {
            return refused;
        }

        var existed = _deployments.TryRemove(name, out _);
        Record($"DELETE /container-deployments/{name}", existed ? 200 : 404);
        return existed ? Results.Ok() : Results.NotFound();
    }

    private IResult Speech(HttpContext http, string name)
    {
        var authorized = http.Request.Headers.Authorization.ToString() == $"Bearer {InferenceKey}";
        Record($"POST /inference/{name}/v1/audio/speech", authorized ? 200 : 401);
        if (!authorized || !_deployments.ContainsKey(name))
        {
            return Results.StatusCode(authorized ? 404 : 401);
        }

        http.Response.Headers["X-Sample-Rate"] = "24000";
        return Results.Bytes(Pcm16.ToBytes(TestSignals.Sine(220, 500, 24000)), "audio/pcm");
    }

    private IResult? Refuse(HttpContext http, string what)
    {
        int call = Interlocked.Increment(ref _apiCalls);
        if (call == _expireAtCall)
        {
            _validTokens.Clear();
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.Contains(header["Bearer ".Length..]))
        {
            Record(what, 401);
            return Results.Json(new { code = "unauthorized_request", message = "Access token is expired or invalid" }, statusCode: 401);
        }

        if (_throttledDeployment is { } throttled && what.Contains(throttled, StringComparison.Ordinal)
            && Interlocked.Increment(ref _callsAboutThrottled) == _throttleAtCall)
        {
            Record(what, 429);
            http.Response.Headers.RetryAfter = "1";
            return Results.Json(new { code = "too_many_requests" }, statusCode: 429);
        }

        return null;
    }

    private void Record(string request, int status, string? detail = null)
    {
        lock (_served)
        {
            _served.Add(new Served(DateTime.UtcNow, request, status, detail));
        }
    }

#pragma warning disable IDE1006, SA1300 // the wire names of Verda's token request
    private sealed record TokenRequest(string? grant_type, string? client_id, string? client_secret);
#pragma warning restore IDE1006, SA1300
}

public sealed record Served(DateTime At, string Request, int Status, string? Detail);

public sealed class StandInDeployment(string name, JsonElement body, string[] script, string endpoint)
{
    private int _polls;

    public string Name { get; } = name;

    public JsonElement Body { get; } = body;

    public string Endpoint { get; } = endpoint;

    public string CurrentStatus => script[Math.Min(Math.Max(_polls - 1, 0), script.Length - 1)];

    public string NextStatus() => script[Math.Min(Interlocked.Increment(ref _polls) - 1, script.Length - 1)];
}
