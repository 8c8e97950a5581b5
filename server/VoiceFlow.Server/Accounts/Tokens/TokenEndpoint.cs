using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace VoiceFlow.Server.Accounts.Tokens;

/// <summary>
/// The OAuth2 token endpoint (password and refresh-token grants). OpenIddict validates the protocol and issues
/// the tokens; this code decides who the caller is. <see cref="ContractTokenMiddleware"/> adapts the JSON routes to it.
/// </summary>
internal static class TokenEndpoint
{
    public const string ContributorLoginPath = "/api/contributors/login";

    public static readonly string[] Paths = ["/connect/token", "/api/auth/login", "/api/auth/refresh", ContributorLoginPath];

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        foreach (var path in Paths)
        {
            var endpoint = app.MapPost(path, Exchange).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
            if (path != "/api/auth/refresh")
            {
                endpoint.RateLimited(RateLimitPolicies.LoginByIp, RateLimitPartition.ClientIp);
            }
        }
    }

    private static async Task<IResult> Exchange(
        HttpContext http, VoiceFlowDbContext db, PasswordCheck passwords, IOpenIddictAuthorizationManager authorizations,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict request cannot be retrieved.");

        if (request.IsPasswordGrantType())
        {
            var (user, attempt) = await passwords.CheckAsync(request.Username ?? "", request.Password ?? "", cancellationToken);
            if (!attempt.Allowed)
            {
                return RateLimiter.TooManyRequests(http, attempt);
            }

            if (user is null)
            {
                return Reject(Errors.InvalidGrant, "The email or password is incorrect.");
            }

            var isContributor = await db.Contributors.AnyAsync(c => c.UserId == user.Id, cancellationToken);
            // The contributor portal's login only admits contributors, with the same answer as a wrong password.
            if (http.Request.Path.Equals(ContributorLoginPath, StringComparison.OrdinalIgnoreCase) && !isContributor)
            {
                return Reject(Errors.InvalidGrant, "The email or password is incorrect.");
            }

            var principal = AccountPrincipal.Create(user, isContributor);
            // One authorization per login: it is the session that logout revokes, together with all its tokens.
            var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
            {
                Principal = principal,
                Subject = user.Id.ToString(),
                Type = AuthorizationTypes.AdHoc,
                Status = Statuses.Valid,
                CreationDate = DateTimeOffset.UtcNow,
                Scopes = { Scopes.OfflineAccess },
            }, cancellationToken);
            principal.SetAuthorizationId(await authorizations.GetIdAsync(authorization, cancellationToken));

            audit.Record("auth.login", "user", user.Id, userId: user.Id);
            await db.SaveChangesAsync(cancellationToken);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var userId = result.Principal?.UserId();
            var user = userId is null ? null : await db.Users.FindAsync([userId.Value], cancellationToken);
            if (user is null)
            {
                return Reject(Errors.InvalidGrant, "The refresh token is no longer valid.");
            }

            var isContributor = await db.Contributors.AnyAsync(c => c.UserId == user.Id, cancellationToken);
            var principal = AccountPrincipal.Create(user, isContributor);
            principal.SetAuthorizationId(result.Principal!.GetAuthorizationId());
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Reject(Errors.UnsupportedGrantType, "Only the password and refresh_token grants are supported.");
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
