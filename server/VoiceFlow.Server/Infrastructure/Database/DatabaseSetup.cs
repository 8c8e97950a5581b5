using Microsoft.EntityFrameworkCore;

namespace VoiceFlow.Server.Infrastructure.Database;

public static class DatabaseSetup
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "PostgreSQL is required: set ConnectionStrings:Postgres (environment variable ConnectionStrings__Postgres).");
        }

        // Pooled: a context is reset and reused rather than built for every request, hub call and take. A new context
        // brings its own scope of EF services, loggers and caches; a take holds its context for seconds, so those
        // outlived the young generation and every garbage collection (which pauses every live stream) grew with them.
        services.AddDbContextPool<VoiceFlowDbContext>(options =>
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
            options.UseSnakeCaseNamingConvention();
            options.UseOpenIddict<Guid>();
        });
        return services;
    }
}
