using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Accounts;

/// <summary>Issues and redeems single-use email tokens. The raw token only exists in the email; the database holds its SHA-256.</summary>
public sealed class OneTimeTokens(VoiceFlowDbContext db, TimeProvider clock)
{
    public static TimeSpan Lifetime(OneTimeTokenPurpose purpose) => purpose switch
    {
        OneTimeTokenPurpose.VerifyEmail => TimeSpan.FromHours(24),
        OneTimeTokenPurpose.ResetPassword => TimeSpan.FromHours(1),
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    /// <summary>Adds a new token to the unit of work and returns its raw value; the caller saves.</summary>
    public string Issue(Guid userId, OneTimeTokenPurpose purpose)
    {
        var raw = SecretToken.Generate();
        var now = clock.GetUtcNow();
        db.OneTimeTokens.Add(new OneTimeToken
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = SecretToken.Hash(raw),
            CreatedAt = now,
            ExpiresAt = now + Lifetime(purpose),
        });
        return raw;
    }

    /// <summary>Marks a valid token used and returns its user, or null when it is unknown, expired, used or for another purpose.</summary>
    public async Task<Guid?> RedeemAsync(string raw, OneTimeTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(raw);
        var now = clock.GetUtcNow();
        // The conditional update makes redemption single-use even when two requests race.
        var token = await db.OneTimeTokens.FirstOrDefaultAsync(
            t => t.TokenHash == hash && t.Purpose == purpose && t.ConsumedAt == null && t.ExpiresAt > now, cancellationToken);
        if (token is null)
        {
            return null;
        }

        var claimed = await db.OneTimeTokens
            .Where(t => t.Id == token.Id && t.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        return claimed == 1 ? token.UserId : null;
    }
}
