using System.Security.Claims;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace VoiceFlow.Server.Accounts.Tokens;

/// <summary>The claims an access token carries. Team roles are deliberately absent: they are read per request so a change applies at once.</summary>
public static class AccountPrincipal
{
    public const string ContributorRole = "contributor";
    public const string StaffRole = "staff";

    public static ClaimsPrincipal Create(User user, bool isContributor)
    {
        var identity = new ClaimsIdentity(
            authenticationType: "voiceflow", nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString());
        identity.SetClaim(Claims.Email, user.Email);
        identity.SetClaim(Claims.Name, user.Name);
        if (isContributor)
        {
            identity.AddClaim(new Claim(Claims.Role, ContributorRole));
        }

        if (user.IsStaff)
        {
            identity.AddClaim(new Claim(Claims.Role, StaffRole));
        }

        identity.SetScopes(Scopes.OfflineAccess);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(Claims.Subject)?.Value, out var id) ? id : null;

    public static Guid RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("The caller is not an account user.");
}
