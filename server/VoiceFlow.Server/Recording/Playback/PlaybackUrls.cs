using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Recording.Playback;

/// <summary>
/// Short-lived links to a take's audio: <c>/api/recordings/{id}/audio?expires=…&amp;signature=…</c>, an HMAC over the
/// id and expiry with a key every node shares, so an audio element can play a take without sending a token.
/// </summary>
public sealed class PlaybackUrls(IServiceScopeFactory scopes, IOptions<RecordingOptions> options, TimeProvider clock)
{
    public const string KeyId = "playback-urls";

    private readonly Lazy<byte[]> _key = new(() => LoadKey(scopes, options.Value));

    public static async Task EnsureKeyAsync(VoiceFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var material = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO token_keys (id, material, created_at) VALUES ({KeyId}, decode({material}, 'base64'), {clock.GetUtcNow()})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
    }

    public string For(Guid recordingId)
    {
        var expires = (clock.GetUtcNow() + options.Value.PlaybackUrlLifetime).ToUnixTimeSeconds();
        return $"{PlaybackEndpoints.PathFor(recordingId)}?expires={expires}&signature={Sign(recordingId, expires)}";
    }

    public bool IsValid(Guid recordingId, long expires, string? signature)
    {
        if (signature is null || expires < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(recordingId, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(Guid recordingId, long expires) =>
        SecretToken.Base64Url(HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(
            $"{recordingId:N}.{expires.ToString(CultureInfo.InvariantCulture)}")));

    private static byte[] LoadKey(IServiceScopeFactory scopes, RecordingOptions options)
    {
        if (options.PlaybackSigningKey is { Length: > 0 } configured)
        {
            return Convert.FromBase64String(configured);
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        return db.TokenKeys.AsNoTracking().Where(k => k.Id == KeyId).Select(k => k.Material).FirstOrDefault()
            ?? throw new InvalidOperationException(
                "The playback URL key is missing: run the server's 'migrate' command first, or set Recording:PlaybackSigningKey.");
    }
}
