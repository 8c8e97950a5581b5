using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Recording.Playback;

namespace VoiceFlow.Server.Infrastructure.Commands;

/// <summary>
/// One-shot commands of the server binary: <c>migrate</c> applies the schema (never done silently at start-up),
/// <c>seed</c> creates the demo account. Both are idempotent and safe to run from several nodes.
/// </summary>
public static class ServerCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "seed";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("VoiceFlow.Commands");
        switch (args[0])
        {
            case "migrate":
                await MigrateAsync(services.GetRequiredService<VoiceFlowDbContext>(), services.GetRequiredService<TimeProvider>());
                logger.LogInformation("Database schema is up to date");
                return 0;
            case "seed":
                var seeded = await services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
                logger.LogInformation("Demo account ready: {Email}", seeded.Email);
                Console.WriteLine($"Demo login: {seeded.Email} / {seeded.Password}");
                return 0;
            default:
                return 2;
        }
    }

    public static async Task MigrateAsync(VoiceFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await TokenKeyStore.EnsureKeysAsync(db, clock, cancellationToken);
        await PlaybackUrls.EnsureKeyAsync(db, clock, cancellationToken);
    }
}
