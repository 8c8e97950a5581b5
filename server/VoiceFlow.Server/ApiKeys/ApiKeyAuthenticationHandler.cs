using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.ApiKeys;

/// <summary>
/// Authenticates <c>X-API-Key: vf_live_…</c> or <c>Authorization: Bearer vf_live_…</c>. Each request looks the key up by
/// its hash (one index probe), so a revoked key stops working on every node at once.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    VoiceFlowDbContext db, ApiKeyUsageTracker usage)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string FailureKey = "vf_failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.LooksLikeKey(presented))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = ApiKeyFormat.Hash(presented);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.TeamId })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        usage.RecordUse(key.Id);
        var identity = new ClaimsIdentity(
            [new Claim(ApiKeyClaims.KeyId, key.Id.ToString()), new Claim(ApiKeyClaims.TeamId, key.TeamId.ToString())],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    public static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers["X-API-Key"].ToString();
        if (header.Length > 0)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && authorization.AsSpan(7).Trim().StartsWith(ApiKeyFormat.Marker, StringComparison.Ordinal)
            ? authorization[7..].Trim()
            : null;
    }
}
