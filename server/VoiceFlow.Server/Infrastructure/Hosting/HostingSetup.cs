using Prometheus;
using VoiceFlow.Server.Infrastructure.Commands;

namespace VoiceFlow.Server.Infrastructure.Hosting;

public static class HostingSetup
{
    // Kestrel's memory pool records these on every buffer rented and returned (thousands of times a second per busy
    // node); published through the meter adapter they cost more CPU than the rest of the metrics together.
    private static readonly HashSet<string> PerRentalInstruments = ["aspnetcore.memory_pool.rented", "aspnetcore.memory_pool.pooled"];

    // .NET's internal diagnostics (MsQuic's packet and thread-pool counters, for one), not meant for dashboards.
    private const string PrivateMeterPrefix = "Private.";

    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument =>
            !PerRentalInstruments.Contains(instrument.Name) && !instrument.Meter.Name.StartsWith(PrivateMeterPrefix, StringComparison.Ordinal));
        // prometheus-net's process collector costs a scrape more the busier the node is (ProcessMetrics replaces it). The
        // runtime's, ASP.NET Core's, Npgsql's and EF Core's meters come through the meter adapter; their older event
        // counters would only repeat them, polled by a thread of their own.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressProcessMetrics = true, SuppressEventCounters = true });
        ProcessMetrics.Register();
        builder.AddStructuredLogging();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataDirectory>();
        services.AddHttpContextAccessor();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Errors.ValidationErrorKeys.UseJsonNames);
        services.AddValidation();
        services.AddRedis(builder.Configuration);
        services.AddHealth(builder.Configuration);
        services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection("Demo"));
        services.AddScoped<DemoSeeder>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower)));
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLogging();
        app.UseHttpMetrics();
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealth();
        app.MapMetrics("/metrics");
        return app;
    }
}
