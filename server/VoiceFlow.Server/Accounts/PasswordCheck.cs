using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.RateLimiting;

namespace VoiceFlow.Server.Accounts;

/// <summary>What checking an email and password came to: the account they open (null if none), or the limit reached.</summary>
public readonly record struct PasswordCheckResult(User? User, RateLimitDecision Attempt);

/// <summary>
/// Checks an account's password wherever one is presented (login, a console account taking a contributor profile).
/// Every check counts against one limit per email, so a password is guessed no faster through one door than another.
/// </summary>
public sealed class PasswordCheck(VoiceFlowDbContext db, PasswordHasher passwords, RateLimiter limiter)
{
    public async Task<PasswordCheckResult> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(email);
        // Per account as well as per IP: guessing one account's password from many addresses is slowed too.
        var attempt = await limiter.HitAsync(RateLimitPolicies.LoginByEmail, normalized, cancellationToken);
        if (!attempt.Allowed)
        {
            return new PasswordCheckResult(null, attempt);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        return new PasswordCheckResult(passwords.Verify(password, user?.PasswordHash) ? user : null, attempt);
    }
}
