using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Contributors;
using VoiceFlow.Server.Recording.Prompts;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Infrastructure.Commands;

public sealed class DemoOptions
{
    public string Email { get; set; } = "demo@voiceflow.local";
    public string Password { get; set; } = "VoiceFlow-demo1";
    public string Name { get; set; } = "Demo Developer";
}

/// <summary>
/// Creates (or repairs) the demo account a newcomer logs in with — a developer, a contributor and staff at once, so
/// one login opens the console, the recorder and the review queue — and imports the shipped prompt set. Local development only.
/// </summary>
public sealed class DemoSeeder(
    VoiceFlowDbContext db, PasswordHasher passwords, PromptCatalog prompts, TimeProvider clock, Microsoft.Extensions.Options.IOptions<DemoOptions> options)
{
    public async Task<DemoOptions> SeedAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        var normalized = User.Normalize(demo.Email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            user = new User
            {
                Email = demo.Email,
                NormalizedEmail = normalized,
                PasswordHash = passwords.Hash(demo.Password),
                Name = demo.Name,
                Company = "VoiceFlow",
                EmailVerifiedAt = now,
                CreatedAt = now,
            };
            var team = new Team { Name = "Demo team", IsPersonal = true, Plan = Plan.Pro, CreatedAt = now };
            team.Members.Add(new TeamMember { UserId = user.Id, Role = TeamRole.Owner, JoinedAt = now });
            db.Users.Add(user);
            db.Teams.Add(team);
        }
        else if (!passwords.Verify(demo.Password, user.PasswordHash))
        {
            user.PasswordHash = passwords.Hash(demo.Password);
        }

        user.IsStaff = true;
        if (!await db.Contributors.AnyAsync(c => c.UserId == user.Id, cancellationToken))
        {
            db.Contributors.Add(new Contributor { UserId = user.Id, Country = "GB", Languages = ["en"], CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        await SeedPrompts.ImportAsync(prompts, cancellationToken);
        return demo;
    }
}
