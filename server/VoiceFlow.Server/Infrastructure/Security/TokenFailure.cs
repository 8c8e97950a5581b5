using Microsoft.AspNetCore.Authentication;
using OpenIddict.Validation.AspNetCore;

namespace VoiceFlow.Server.Infrastructure.Security;

/// <summary>Reads why OpenIddict refused a token from the authentication properties it returns.</summary>
internal static class TokenFailure
{
    // OpenIddict's stable error identifier for a token past its expiration date.
    private const string ExpiredTokenErrorId = "ID2019";

    public static bool IsExpiry(AuthenticationProperties? properties)
    {
        var uri = properties?.GetString(OpenIddictValidationAspNetCoreConstants.Properties.ErrorUri);
        return uri?.EndsWith(ExpiredTokenErrorId, StringComparison.Ordinal) ?? false;
    }
}
