using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VoiceFlow.Server.Infrastructure.Database;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VoiceFlowDbContext>
{
    public VoiceFlowDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<VoiceFlowDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=voiceflow_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .UseOpenIddict<Guid>()
            .Options;
        return new VoiceFlowDbContext((DbContextOptions<VoiceFlowDbContext>)options);
    }
}
