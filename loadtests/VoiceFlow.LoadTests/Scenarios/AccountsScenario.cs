using VoiceFlow.LoadTests.Infrastructure;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>Provisions test accounts ahead of the runs that need them (each registration and login costs a bcrypt hash).</summary>
public static class AccountsScenario
{
    public static async Task RunAsync(RunContext ctx)
    {
        var pool = await ctx.AccountsAsync();
        int users = ctx.Options.Streams ?? 0;
        if (users > 0)
        {
            await pool.GetAsync(AccountKind.User, users, ctx.Cancellation);
        }

        if (ctx.Options.Contributors > 0)
        {
            await pool.GetAsync(AccountKind.Contributor, ctx.Options.Contributors, ctx.Cancellation);
        }

        Console.Error.WriteLine($"  accounts ready in {pool.Path}");
    }
}
