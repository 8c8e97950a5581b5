using System.Security.Cryptography;
using System.Text;

namespace VoiceFlow.Server.Infrastructure.Security;

/// <summary>Random 256-bit secrets in URL-safe text, and the SHA-256 that is stored in their place.</summary>
public static class SecretToken
{
    public static string Generate() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
