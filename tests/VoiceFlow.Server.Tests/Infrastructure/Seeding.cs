using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Infrastructure.Commands;

namespace VoiceFlow.Server.Tests.Infrastructure;

public static class Seeding
{
    /// <summary>Runs the seed command's work (demo account with staff rights, shipped prompts) on the app's database.</summary>
    public static async Task<DemoOptions> SeedAsync(this VoiceFlowApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }

    /// <summary>A client signed in as the seeded demo account, which has staff rights (review queue, imports).</summary>
    public static async Task<HttpClient> StaffClientAsync(this VoiceFlowApp app)
    {
        var demo = await app.SeedAsync();
        return app.CreateClient().WithBearer((await app.CreateClient().LoginOkAsync(demo.Email, demo.Password)).AccessToken);
    }
}
