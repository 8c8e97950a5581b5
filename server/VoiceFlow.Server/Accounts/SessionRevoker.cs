using OpenIddict.Abstractions;

namespace VoiceFlow.Server.Accounts;

/// <summary>
/// A session is an OpenIddict authorization created at login. Revoking it invalidates its refresh token and,
/// because access tokens are checked against their authorization, its access tokens on every node at once.
/// </summary>
public sealed class SessionRevoker(IOpenIddictAuthorizationManager authorizations)
{
    public async Task RevokeAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var authorization = await authorizations.FindByIdAsync(authorizationId, cancellationToken);
        if (authorization is not null)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }
    }

    public async Task RevokeAllAsync(Guid userId, CancellationToken cancellationToken) =>
        await authorizations.RevokeBySubjectAsync(userId.ToString(), cancellationToken);
}
