using System.Net.Mime;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace VoiceFlow.Server.Web;

/// <summary>
/// Serves the built web console (clients/web/dist) at <c>/</c>: hashed assets with a year-long immutable cache,
/// index.html revalidated on every load, and index.html for every page path of the single-page app (GET and HEAD
/// outside the API, hub, health, metrics and token paths, which keep their own 404 and 405 answers). Without a built
/// console the server still runs, and <c>/</c> says how to build it.
/// </summary>
public static class WebConsoleSetup
{
    private static readonly string[] ServerPrefixes = ["/api", "/hubs", "/health", "/metrics", "/connect"];
    private static readonly string[] PageMethods = [HttpMethods.Get, HttpMethods.Head];

    public static IServiceCollection AddWebConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebConsoleOptions>().Bind(configuration.GetSection(WebConsoleOptions.Section));
        services.AddSingleton(sp => WebConsoleRoot.Resolve(
            sp.GetRequiredService<IOptions<WebConsoleOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        return services;
    }

    public static WebApplication MapWebConsole(this WebApplication app)
    {
        app.MapConsoleOptions();
        var root = app.Services.GetRequiredService<WebConsoleRoot>();
        if (root.Available)
        {
            app.Logger.LogInformation("Serving the web console from {WebRoot}", root.Path);
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root.Path!),
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                    context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
            });
        }
        else
        {
            app.Logger.LogWarning(
                "The web console is not built (no index.html in {WebRoot}); serving the API only. Build it with 'npm ci && npm run build' in clients/web, or set Web:Root.",
                root.Looked);
        }

        app.MapFallback("{*path:nonfile}", (HttpContext http) => ServePage(http, root))
            .WithMetadata(new HttpMethodMetadata(PageMethods))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult ServePage(HttpContext http, WebConsoleRoot root)
    {
        if (ServerPrefixes.Any(prefix => http.Request.Path.StartsWithSegments(prefix)))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-cache";
        if (!root.Available || !File.Exists(root.IndexPath))
        {
            return TypedResults.Content(NotBuiltPage, MediaTypeNames.Text.Html, statusCode: StatusCodes.Status404NotFound);
        }

        var index = new FileInfo(root.IndexPath);
        var etag = new EntityTagHeaderValue($"\"{index.LastWriteTimeUtc.Ticks:x}-{index.Length:x}\"");
        return TypedResults.PhysicalFile(index.FullName, "text/html; charset=utf-8", lastModified: index.LastWriteTimeUtc, entityTag: etag);
    }

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>VoiceFlow</title></head>
        <body>
        <h1>VoiceFlow</h1>
        <p>The API is running, but the web console is not built on this server.</p>
        <p>Build it with <code>npm ci &amp;&amp; npm run build</code> in <code>clients/web</code> (or start VoiceFlow with
        <code>./run.sh</code>, which does), or point <code>Web:Root</code> (<code>Web__Root</code>) at a built console.</p>
        <p>The API lives under <a href="/api/auth/me">/api</a>, health at <a href="/health/ready">/health/ready</a>.</p>
        </body></html>
        """;
}
