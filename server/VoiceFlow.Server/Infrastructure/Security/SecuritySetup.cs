using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Validation.AspNetCore;
using VoiceFlow.Server.ApiKeys;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace VoiceFlow.Server.Infrastructure.Security;

public static class SecuritySetup
{
    private static readonly string TokenScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CallerSchemes.Caller)
            .AddPolicyScheme(CallerSchemes.Caller, "Access token or API key", scheme =>
                scheme.ForwardDefaultSelector = http =>
                    ApiKeyAuthenticationHandler.ReadKey(http.Request) is not null ? CallerSchemes.ApiKey : TokenScheme);
        services.Replace(ServiceDescriptor.Scoped<IAuthenticationHandlerProvider, ReleasableAuthenticationHandlers>());

        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(CallerSchemes.Caller).RequireAuthenticatedUser().Build())
            .AddPolicy(AuthPolicies.Account, policy => policy
                .AddAuthenticationSchemes(CallerSchemes.Caller)
                .RequireAuthenticatedUser()
                .RequireClaim(Claims.Subject))
            .AddPolicy(AuthPolicies.ApiKey, policy => policy
                .AddAuthenticationSchemes(CallerSchemes.Caller)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyClaims.KeyId))
            .AddPolicy(AuthPolicies.Contributor, policy => policy
                .AddAuthenticationSchemes(CallerSchemes.Caller)
                .RequireAuthenticatedUser()
                .RequireClaim(Claims.Role, "contributor"))
            .AddPolicy(AuthPolicies.Staff, policy => policy
                .AddAuthenticationSchemes(CallerSchemes.Caller)
                .RequireAuthenticatedUser()
                .RequireClaim(Claims.Role, "staff"))
            .AddPolicy(AuthPolicies.AccountOrApiKey, policy => policy
                .AddAuthenticationSchemes(CallerSchemes.Caller)
                .RequireAuthenticatedUser());

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>
    /// Browsers cannot set headers on WebSocket requests, so hub URLs (and only hub URLs) may carry the credential
    /// as <c>access_token</c> in the query string; it is moved to the Authorization header before authentication.
    /// </summary>
    public static IApplicationBuilder UseHubQueryAccessToken(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/hubs")
            && http.Request.Query.TryGetValue("access_token", out var token)
            && !string.IsNullOrEmpty(token)
            && string.IsNullOrEmpty(http.Request.Headers.Authorization))
        {
            http.Request.Headers.Authorization = $"Bearer {token}";
        }

        await next(http);
    });
}
