using System.Threading.RateLimiting;
using Prometheus;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

/// <summary>
/// Admission control for <c>/api</c> and <c>/connect</c>: at most <see cref="ApiConcurrencyOptions.PermitLimit"/>
/// requests run at once (authentication included, since it reads the database), the next
/// <see cref="ApiConcurrencyOptions.QueueLimit"/> wait in arrival order, and the rest are answered at once with 503
/// and Retry-After. Past saturation the node sheds load cheaply instead of queueing requests until the database pool
/// times out (500s) and memory runs out. Hubs are not gated: their connections are long-lived.
/// </summary>
internal sealed class ApiConcurrencyMiddleware(RequestDelegate next, ApiConcurrencyGate gate)
{
    private static readonly Counter Shed = Metrics.CreateCounter(
        "voiceflow_api_requests_shed_total", "API requests answered 503 because the node was at its concurrency limit.");

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (!gate.Enabled || (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/connect")))
        {
            await next(http);
            return;
        }

        RateLimitLease lease;
        try
        {
            lease = await gate.Limiter.AcquireAsync(1, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // the client left while waiting
        }

        using var held = lease;
        if (!lease.IsAcquired)
        {
            Shed.Inc();
            http.Response.Headers.RetryAfter = "1";
            await TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Server busy",
                detail: "The server is at capacity; retry in 1 s.").ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}

/// <summary>The node-wide limiter behind <see cref="ApiConcurrencyMiddleware"/>.</summary>
internal sealed class ApiConcurrencyGate : IDisposable
{
    public ApiConcurrencyGate(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
    {
        var settings = options.Value.Concurrency;
        Enabled = settings.PermitLimit > 0;
        Limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.PermitLimit),
            QueueLimit = Math.Max(0, settings.QueueLimit),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public bool Enabled { get; }

    public ConcurrencyLimiter Limiter { get; }

    public void Dispose() => Limiter.Dispose();
}
