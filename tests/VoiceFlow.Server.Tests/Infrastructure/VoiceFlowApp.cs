using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using VoiceFlow.Server.Infrastructure.Commands;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>
/// The real server in process, on its own fresh PostgreSQL database (migrated with the same code as the
/// migrate command) and the test Redis. One instance per test class.
/// </summary>
public class VoiceFlowApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The app is not initialized.");
    public LogCapture Logs { get; } = new();
    public string DataDirectory { get; } = Path.Combine(TestEnvironment.DataRoot, "apps", Guid.NewGuid().ToString("N"));
    public string OutboxDirectory => Path.Combine(DataDirectory, "outbox");

    /// <summary>Extra configuration for a test class (e.g. short token lifetimes).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected virtual bool UseRedis => true;

    private bool SharesDatabase { get; init; }

    private sealed class SharedNode : VoiceFlowApp
    {
        private readonly VoiceFlowApp _first;
        private readonly KeyValuePair<string, string?>[] _overrides;

        public SharedNode(VoiceFlowApp first, KeyValuePair<string, string?>[] overrides)
        {
            _first = first;
            _overrides = overrides;
            _database = first.Database;
            SharesDatabase = true;
        }

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => _first.Settings.Concat(_overrides);

        public override ValueTask InitializeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Tests share one client address; limits are proven in their own classes, which lower them again.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> GenerousRateLimits =>
        new[] { "login-ip", "login-email", "register", "create-deployment", "create-api-key", "api-anonymous", "api-authenticated" }
            .SelectMany(policy => new KeyValuePair<string, string?>[]
            {
                new($"RateLimits:Policies:{policy}:Limit", "100000"),
                new($"RateLimits:Policies:{policy}:Window", "00:01:00"),
            });

    /// <summary>
    /// Takes are scored only where a test asks for it (<c>Quality:Workers</c>), so tests of the recording path see
    /// their takes exactly as stored.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string?>> QuietBackgroundWork => [new("Quality:Workers", "0")];

    /// <summary>Another server node on the same database and Redis (for multi-node tests); not migrated twice.</summary>
    public VoiceFlowApp SecondNode(params KeyValuePair<string, string?>[] overrides) => new SharedNode(this, overrides);

    public virtual async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        await ServerCommands.MigrateAsync(db, TimeProvider.System);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", Database.ConnectionString);
        builder.UseSetting("VoiceFlow:DataDirectory", DataDirectory);
        builder.UseSetting("Redis:ConnectionString", UseRedis ? TestEnvironment.RedisConnectionString ?? "" : "");
        builder.UseSetting("RateLimits:KeyPrefix", $"test:{Database.Name}:rl:");
        foreach (var (key, value) in GenerousRateLimits.Concat(QuietBackgroundWork).Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddSingleton<IStartupFilter, SimulatedClientAddress>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null && !SharesDatabase)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
