using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using VoiceFlow.Server.Infrastructure.Realtime;

namespace VoiceFlow.Server.Infrastructure.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Structured Serilog logging. Framework request logs that print full URLs (hub query strings can carry
    /// credentials) are kept at Warning; the request log below records the path only. Each host has a pipeline of its own
    /// and the static <see cref="Log.Logger"/> is left alone, so two hosts in one process (integration tests, or a
    /// command beside a server) never write through each other's sinks.
    /// </summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        var json = builder.Configuration.GetValue<bool>("Logging:Json");
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                // Failed commands surface as exceptions where they matter; EF also logs the expected probe
                // of a missing migrations table as an error on a fresh database.
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
                .MinimumLevel.Override("Microsoft.Extensions.Http", LogEventLevel.Warning)
                .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
                .Filter.ByExcluding(IsSignalRHubMethodFailure)
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Node", Environment.MachineName);
            // The console is written from a thread of its own: a request or hub thread only queues its event, and never
            // waits on the console's lock while another thread writes (or is preempted writing). Past 10,000 queued
            // events, new ones are dropped rather than slowing the node down.
            logger.WriteTo.Async(sink =>
            {
                if (json)
                {
                    sink.Console(new RenderedCompactJsonFormatter());
                }
                else
                {
                    sink.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            });
        }, preserveStaticLogger: true);
        CategoryCachedLoggerFactory.Decorate(builder.Services);
        return builder;
    }

    // HubInvocationLogging writes these at the level their cause deserves.
    private static bool IsSignalRHubMethodFailure(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source is ScalarValue { Value: HubInvocationLogging.SignalRFailureCategory }
        && logEvent.Properties.TryGetValue("EventId", out var eventId)
        && eventId is StructureValue { Properties: var fields }
        && fields.Any(field => field is { Name: "Name", Value: ScalarValue { Value: HubInvocationLogging.SignalRFailureEvent } });

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (http, _, error) => error is not null || http.Response.StatusCode >= 500
                ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics")
                    ? LogEventLevel.Verbose
                    : LogEventLevel.Information;
        });
}
