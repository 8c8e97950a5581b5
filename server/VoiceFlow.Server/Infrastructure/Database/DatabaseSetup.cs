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

        // The options depend on nothing scoped: built once, not again for every request and hub call.
        services.AddDbContext<VoiceFlowDbContext>(
            options =>
            {
                options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
                options.UseSnakeCaseNamingConvention();
                options.UseOpenIddict<Guid>();
            },
            optionsLifetime: ServiceLifetime.Singleton);
        return services;
    }
}
