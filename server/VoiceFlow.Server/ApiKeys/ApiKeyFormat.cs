using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.ApiKeys;

/// <summary><c>vf_live_</c> followed by 32 random bytes in base64url (43 characters).</summary>
public static class ApiKeyFormat
{
    public const string Marker = "vf_live_";
    private const int SecretChars = 43;
    private const int DisplayedSecretChars = 6;
    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Generate() => Marker + SecretToken.Generate();

    public static bool LooksLikeKey(string? value) =>
        value is not null && value.StartsWith(Marker, StringComparison.Ordinal) && value.Length == Marker.Length + SecretChars
        && value.AsSpan(Marker.Length).IndexOfAnyExcept(Base64UrlChars) < 0;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.ASCII.GetBytes(key));

    public static string DisplayPrefix(string key) => key[..(Marker.Length + DisplayedSecretChars)];
}
