using Microsoft.AspNetCore.Authentication;

namespace VoiceFlow.Server.Infrastructure.Security;

/// <summary>
/// The request's authentication handlers, which a hub connection can let go of once it is let in. The authentication
/// middleware keeps the handler provider for as long as the request runs, and the handlers keep what they resolved
/// (OpenIddict's dispatchers hold the whole request scope), so without this a disposed scope would stay reachable
/// for the life of the connection. Handlers asked for after the release are made anew from the current scope.
/// </summary>
internal sealed class ReleasableAuthenticationHandlers(IAuthenticationSchemeProvider schemes) : IAuthenticationHandlerProvider
{
    private AuthenticationHandlerProvider? _handlers;

    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        (_handlers ??= new AuthenticationHandlerProvider(schemes)).GetHandlerAsync(context, authenticationScheme);

    public void Release() => _handlers = null;
}
