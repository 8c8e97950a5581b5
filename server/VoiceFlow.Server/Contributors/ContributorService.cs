using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Contributors;

public sealed class ContributorService(VoiceFlowDbContext db, AccountService accounts, AuditLog audit, TimeProvider clock)
{
    /// <summary>Creates the account (same identity system as the console) and the contributor profile; null when the email is taken.</summary>
    public async Task<ContributorProfile?> RegisterAsync(RegisterContributorRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await accounts.RegisterAsync(new RegisterRequest(request.Email, request.Password, request.Name, null), cancellationToken);
        if (user is null)
        {
            return null;
        }

        var contributor = new Contributor
        {
            UserId = user.Id,
            Country = request.Country.ToUpperInvariant(),
            Languages = request.Languages.Select(LanguageTagsAttribute.Canonical).Distinct().ToList(),
            VoiceProfile = request.VoiceProfile is { } p
                ? new VoiceProfile { AgeRange = p.AgeRange, Gender = p.Gender, Accent = FreeText.CleanOptional(p.Accent), Microphone = p.Microphone }
                : null,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Contributors.Add(contributor);
        audit.Record("contributor.register", "contributor", user.Id, userId: user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Describe(user, contributor);
    }

    public async Task<ContributorProfile?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.Contributors.AsNoTracking()
            .Where(c => c.UserId == userId)
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) => new { Contributor = c, User = u })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Describe(row.User, row.Contributor);
    }

    private static ContributorProfile Describe(User user, Contributor contributor) => new(
        user.Id, user.Email, user.Name, contributor.Country, contributor.Languages,
        contributor.VoiceProfile is { } p ? new VoiceProfileInput(p.AgeRange, p.Gender, p.Accent, p.Microphone) : null,
        user.EmailVerifiedAt is not null, contributor.CreatedAt);
}
