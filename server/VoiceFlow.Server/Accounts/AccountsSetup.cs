using Microsoft.Extensions.Options;
using OpenIddict.Server;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Database;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace VoiceFlow.Server.Accounts;

public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var tokenOptions = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new TokenOptions();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<VoiceFlowDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(TokenEndpoint.Paths.Select(p => p.TrimStart('/')).ToArray());
                server.AllowPasswordFlow().AllowRefreshTokenFlow();
                server.AcceptAnonymousClients();
                server.RegisterScopes(Scopes.OfflineAccess);
                server.SetAccessTokenLifetime(tokenOptions.AccessTokenLifetime);
                server.SetRefreshTokenLifetime(tokenOptions.RefreshTokenLifetime);
                // A refresh token works exactly once: reuse after rotation is treated as theft.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                if (tokenOptions.Issuer is { Length: > 0 } issuer)
                {
                    server.SetIssuer(new Uri(issuer, UriKind.Absolute));
                }

                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // TLS is terminated by the proxy in front of the nodes.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
                // Every access token is checked against its stored entry and session, so logout and
                // revocation take effect at once on every node (two indexed lookups per request).
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
            });

        services.AddSingleton<TokenKeyStore>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<TokenKeyStore>());
        services.AddSingleton<PasswordHasher>();
        services.AddScoped<OneTimeTokens>();
        services.AddScoped<SessionRevoker>();
        services.AddScoped<AccountService>();
        services.AddScoped<PasswordCheck>();
        return services;
    }

    public static IApplicationBuilder UseAccountsTokenContract(this IApplicationBuilder app) =>
        app.UseMiddleware<ContractTokenMiddleware>();
}
