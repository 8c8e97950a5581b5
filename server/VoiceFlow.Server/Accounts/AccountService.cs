using Microsoft.EntityFrameworkCore;
using Npgsql;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Email;
using VoiceFlow.Server.Infrastructure.Validation;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Accounts;

public sealed class AccountService(
    VoiceFlowDbContext db, PasswordHasher passwords, OneTimeTokens tokens, EmailComposer mail, IEmailSender sender,
    AuditLog audit, SessionRevoker sessions, TimeProvider clock)
{
    /// <summary>Creates the user and their personal team in one transaction; null when the email is taken.</summary>
    public async Task<User?> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Email = request.Email.Trim(),
            NormalizedEmail = User.Normalize(request.Email),
            PasswordHash = passwords.Hash(request.Password),
            Name = FreeText.Clean(request.Name),
            Company = FreeText.CleanOptional(request.Company),
            CreatedAt = now,
        };
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == user.NormalizedEmail, cancellationToken))
        {
            return null;
        }

        var team = new Team { Name = $"{user.Name}'s team", IsPersonal = true, CreatedAt = now };
        team.Members.Add(new TeamMember { UserId = user.Id, Role = TeamRole.Owner, JoinedAt = now });
        db.Users.Add(user);
        db.Teams.Add(team);
        var token = tokens.Issue(user.Id, OneTimeTokenPurpose.VerifyEmail);
        audit.Record("auth.register", "user", user.Id, userId: user.Id, teamId: team.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }

        await sender.SendAsync(mail.VerifyEmail(user.Email, user.Name, token), cancellationToken);
        return user;
    }

    public async Task<bool> VerifyEmailAsync(string token, CancellationToken cancellationToken)
    {
        var userId = await tokens.RedeemAsync(token, OneTimeTokenPurpose.VerifyEmail, cancellationToken);
        var user = userId is null ? null : await db.Users.FindAsync([userId.Value], cancellationToken);
        if (user is null)
        {
            return false;
        }

        user.EmailVerifiedAt ??= clock.GetUtcNow();
        audit.Record("auth.verify_email", "user", user.Id, userId: user.Id);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Sends a reset link when the account exists; says nothing either way.</summary>
    public async Task ForgotPasswordAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            return;
        }

        var token = tokens.Issue(user.Id, OneTimeTokenPurpose.ResetPassword);
        audit.Record("auth.forgot_password", "user", user.Id, userId: user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await sender.SendAsync(mail.ResetPassword(user.Email, user.Name, token), cancellationToken);
    }

    /// <summary>Sets the new password and ends every session, so a stolen session does not survive a reset.</summary>
    public async Task<bool> ResetPasswordAsync(string token, string password, CancellationToken cancellationToken)
    {
        var userId = await tokens.RedeemAsync(token, OneTimeTokenPurpose.ResetPassword, cancellationToken);
        var user = userId is null ? null : await db.Users.FindAsync([userId.Value], cancellationToken);
        if (user is null)
        {
            return false;
        }

        user.PasswordHash = passwords.Hash(password);
        user.PasswordChangedAt = clock.GetUtcNow();
        // Following the emailed link proves the address.
        user.EmailVerifiedAt ??= user.PasswordChangedAt;
        audit.Record("auth.reset_password", "user", user.Id, userId: user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await sessions.RevokeAllAsync(user.Id, cancellationToken);
        return true;
    }

    public async Task<Me?> DescribeAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var memberships = await db.TeamMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.JoinedAt)
            .Select(m => new { m.TeamId, m.Role, m.Team!.IsPersonal, m.Team.Plan })
            .ToListAsync(cancellationToken);
        var personal = memberships.FirstOrDefault(m => m.IsPersonal);
        return new Me(
            user.Id, user.Email, user.Name, user.Company,
            (personal?.Plan ?? Plan.Free).ToString().ToLowerInvariant(),
            user.EmailVerifiedAt is not null,
            memberships.Select(m => new TeamMembership(m.TeamId, m.Role.ToString().ToLowerInvariant())).ToList());
    }
}
