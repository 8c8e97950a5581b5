using Microsoft.EntityFrameworkCore;
using Npgsql;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Contributors;

public sealed class ContributorService(
    VoiceFlowDbContext db, AccountService accounts, PasswordCheck passwords, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Creates the account (same identity system as the console) and the contributor profile. An email that already
    /// has a console account gets the profile added when the request carries that account's password, so one login
    /// serves both; otherwise the email is taken.
    /// </summary>
    public async Task<ContributorRegistration> RegisterAsync(RegisterContributorRequest request, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var user = await accounts.RegisterAsync(new RegisterRequest(request.Email, request.Password, request.Name, null), cancellationToken);
            if (user is not null)
            {
                var contributor = AddProfile(user, request);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return ContributorRegistration.Created(Describe(user, contributor));
            }
        }

        // A lost race on the unique email leaves the user it tried to add tracked; nothing of it may be saved.
        db.ChangeTracker.Clear();
        return await AddToExistingAccountAsync(request, cancellationToken);
    }

    public async Task<ContributorProfile?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.Contributors.AsNoTracking()
            .Where(c => c.UserId == userId)
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) => new { Contributor = c, User = u })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Describe(row.User, row.Contributor);
    }

    private async Task<ContributorRegistration> AddToExistingAccountAsync(RegisterContributorRequest request, CancellationToken cancellationToken)
    {
        var (user, attempt) = await passwords.CheckAsync(request.Email, request.Password, cancellationToken);
        if (!attempt.Allowed)
        {
            return ContributorRegistration.RetryLater(attempt);
        }

        if (user is null || await db.Contributors.AnyAsync(c => c.UserId == user.Id, cancellationToken))
        {
            return ContributorRegistration.EmailTaken;
        }

        var contributor = AddProfile(user, request);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return ContributorRegistration.EmailTaken;
        }

        return ContributorRegistration.Created(Describe(user, contributor));
    }

    private Contributor AddProfile(User user, RegisterContributorRequest request)
    {
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
        return contributor;
    }

    private static ContributorProfile Describe(User user, Contributor contributor) => new(
        user.Id, user.Email, user.Name, contributor.Country, contributor.Languages,
        contributor.VoiceProfile is { } p ? new VoiceProfileInput(p.AgeRange, p.Gender, p.Accent, p.Microphone) : null,
        user.EmailVerifiedAt is not null, contributor.CreatedAt);
}

/// <summary>What a contributor registration came to: a profile, an email already taken, or too many password checks.</summary>
public sealed record ContributorRegistration(ContributorProfile? Profile, RateLimitDecision? Limited)
{
    public static readonly ContributorRegistration EmailTaken = new(null, null);

    public static ContributorRegistration Created(ContributorProfile profile) => new(profile, null);

    public static ContributorRegistration RetryLater(RateLimitDecision decision) => new(null, decision);
}
