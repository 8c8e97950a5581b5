using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapTokenEndpoint();

        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/register", Register).AllowAnonymous().RateLimited(RateLimitPolicies.Register, RateLimitPartition.ClientIp);
        auth.MapPost("/verify-email", VerifyEmail).AllowAnonymous();
        auth.MapPost("/forgot-password", ForgotPassword).AllowAnonymous();
        auth.MapPost("/reset-password", ResetPassword).AllowAnonymous();
        auth.MapPost("/logout", Logout).RequireAuthorization(AuthPolicies.Account);
        auth.MapPost("/logout-all", LogoutAll).RequireAuthorization(AuthPolicies.Account);
        auth.MapGet("/me", GetMe).RequireAuthorization(AuthPolicies.Account);
        return app;
    }

    private static async Task<Results<Created<RegisteredAccount>, ProblemHttpResult>> Register(
        RegisterRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var user = await accounts.RegisterAsync(request, cancellationToken);
        return user is null
            ? Problems.Conflict("An account with this email already exists.")
            : TypedResults.Created("/api/auth/me", new RegisteredAccount(user.Id, user.Email, user.Name, EmailVerified: false));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> VerifyEmail(
        VerifyEmailRequest request, AccountService accounts, CancellationToken cancellationToken) =>
        await accounts.VerifyEmailAsync(request.Token, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.BadRequest("Invalid token", "The verification link is invalid, expired or already used.");

    private static async Task<Accepted> ForgotPassword(
        ForgotPasswordRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        await accounts.ForgotPasswordAsync(request.Email, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(
        ResetPasswordRequest request, AccountService accounts, CancellationToken cancellationToken) =>
        await accounts.ResetPasswordAsync(request.Token, request.Password, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.BadRequest("Invalid token", "The reset link is invalid, expired or already used.");

    private static async Task<NoContent> Logout(
        HttpContext http, SessionRevoker sessions, AuditLog audit, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var authorizationId = http.User.GetAuthorizationId();
        if (authorizationId is not null)
        {
            await sessions.RevokeAsync(authorizationId, cancellationToken);
        }

        audit.Record("auth.logout", "user", http.User.RequiredUserId(), userId: http.User.RequiredUserId());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAll(
        HttpContext http, SessionRevoker sessions, AuditLog audit, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var userId = http.User.RequiredUserId();
        await sessions.RevokeAllAsync(userId, cancellationToken);
        audit.Record("auth.logout_all", "user", userId, userId: userId);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> GetMe(
        HttpContext http, AccountService accounts, CancellationToken cancellationToken)
    {
        var me = await accounts.DescribeAsync(http.User.RequiredUserId(), cancellationToken);
        return me is null ? Problems.NotFound("The account") : TypedResults.Ok(me);
    }
}
