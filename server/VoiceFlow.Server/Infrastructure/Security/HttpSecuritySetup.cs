using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;

namespace VoiceFlow.Server.Infrastructure.Security;

public sealed class HttpSecurityOptions
{
    public const string Section = "Http";

    /// <summary>Origins allowed to call the API from a browser (CORS), e.g. https://console.voiceflow.example.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Proxies whose X-Forwarded-For is believed. Nobody else can choose the client IP VoiceFlow sees.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Largest request body accepted by routes that do not declare their own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

public static class HttpSecuritySetup
{
    public const string CorsPolicy = "voiceflow";
    private static readonly string[] DevelopmentOrigins =
        ["http://localhost:5173", "http://127.0.0.1:5173", "http://localhost:4173", "http://127.0.0.1:4173", "http://localhost:3000"];

    public static IServiceCollection AddHttpSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(HttpSecurityOptions.Section).Get<HttpSecurityOptions>() ?? new HttpSecurityOptions();
        services.AddOptions<HttpSecurityOptions>().Bind(configuration.GetSection(HttpSecurityOptions.Section))
            .Validate(o => o.TrustedProxies.All(p => IPAddress.TryParse(p, out _)), "Http:TrustedProxies must be IP addresses.")
            .Validate(o => o.MaxRequestBodyBytes > 0, "Http:MaxRequestBodyBytes must be positive.")
            .ValidateOnStart();

        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; VoiceFlow trusts exactly the configured proxies.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.TrustedProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        var origins = options.AllowedOrigins.Concat(environment.IsDevelopment() ? DevelopmentOrigins : []).Distinct().ToArray();
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            policy.WithOrigins(origins)
                .WithHeaders("Authorization", "Content-Type", "X-API-Key", "X-Requested-With", "X-SignalR-User-Agent")
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromHours(24));
        }));
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static WebApplication UseHttpSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
        }

        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = IsPage(http)
                    ? "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                      "media-src 'self' blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; frame-ancestors 'none'; " +
                      "base-uri 'self'; form-action 'self'; object-src 'none'"
                    : "default-src 'none'; frame-ancestors 'none'";
                return Task.CompletedTask;
            });
            await next(http);
        });
        app.UseCors(CorsPolicy);
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    private static bool IsPage(HttpContext http) =>
        http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ?? false;
}
