using Prometheus;
using VoiceFlow.Server.Infrastructure.Commands;

namespace VoiceFlow.Server.Infrastructure.Hosting;

public static class HostingSetup
{
    // Kestrel's memory pool records these on every buffer rented and returned (thousands of times a second per busy
    // node); published through the meter adapter they cost more CPU than the rest of the metrics together.
    private static readonly HashSet<string> PerRentalInstruments = ["aspnetcore.memory_pool.rented", "aspnetcore.memory_pool.pooled"];

    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument => !PerRentalInstruments.Contains(instrument.Name));
        builder.AddStructuredLogging();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataDirectory>();
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
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
