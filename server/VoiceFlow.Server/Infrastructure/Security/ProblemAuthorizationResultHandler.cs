using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OpenIddict.Validation.AspNetCore;
using VoiceFlow.Server.Infrastructure.Errors;

namespace VoiceFlow.Server.Infrastructure.Security;

/// <summary>Answers refused requests with the contract's ProblemDetails: 401 "Token expired" or "Invalid token", 403 for a missing role.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            var expired = await IsExpiredTokenAsync(http);
            http.Response.Headers.WWWAuthenticate = expired
                ? "Bearer error=\"invalid_token\", error_description=\"The token expired\""
                : "Bearer error=\"invalid_token\"";
            await Problems.WriteAsync(http, StatusCodes.Status401Unauthorized,
                expired ? "Token expired" : "Invalid token",
                expired ? "The access token has expired: refresh it or log in again." : "A valid access token or API key is required.");
            return;
        }

        if (result.Forbidden)
        {
            await Problems.WriteAsync(http, StatusCodes.Status403Forbidden, "Forbidden", "Your credentials do not allow this action.");
            return;
        }

        await _default.HandleAsync(next, http, policy, result);
    }

    private static async Task<bool> IsExpiredTokenAsync(HttpContext http)
    {
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var outcome = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        return TokenFailure.IsExpiry(outcome.Properties);
    }
}
