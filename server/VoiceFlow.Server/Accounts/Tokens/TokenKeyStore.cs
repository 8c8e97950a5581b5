using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Accounts.Tokens;

/// <summary>Creates the cluster's token keys once (migrate command) and hands them to OpenIddict at start-up.</summary>
public sealed class TokenKeyStore(IServiceScopeFactory scopes, IOptions<TokenOptions> options)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private const string SigningKeyId = "signing";
    private const string EncryptionKeyId = "encryption";

    public static async Task EnsureKeysAsync(VoiceFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var generated = new Dictionary<string, byte[]>
        {
            [SigningKeyId] = rsa.ExportPkcs8PrivateKey(),
            [EncryptionKeyId] = RandomNumberGenerator.GetBytes(32),
        };
        foreach (var (id, bytes) in generated)
        {
            var material = Convert.ToBase64String(bytes);
            // Several nodes may migrate at once: the first insert wins, the others keep it.
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO token_keys (id, material, created_at)
                VALUES ({id}, decode({material}, 'base64'), {clock.GetUtcNow()})
                ON CONFLICT (id) DO NOTHING
                """, cancellationToken);
        }
    }

    public void Configure(OpenIddictServerOptions server)
    {
        var (signing, encryption) = LoadKeys();
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(signing, out _);
        server.SigningCredentials.Add(new SigningCredentials(
            new RsaSecurityKey(rsa) { KeyId = "vf-sig" }, SecurityAlgorithms.RsaSha256));
        server.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(encryption) { KeyId = "vf-enc" }, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private (byte[] Signing, byte[] Encryption) LoadKeys()
    {
        var configured = options.Value;
        if (configured.SigningKey is { Length: > 0 } && configured.EncryptionKey is { Length: > 0 })
        {
            return (Convert.FromBase64String(configured.SigningKey), Convert.FromBase64String(configured.EncryptionKey));
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        var keys = db.TokenKeys.AsNoTracking().ToDictionary(k => k.Id, k => k.Material);
        if (!keys.TryGetValue(SigningKeyId, out var signing) || !keys.TryGetValue(EncryptionKeyId, out var encryption))
        {
            throw new InvalidOperationException(
                "Token keys are missing: run the server's 'migrate' command first, or set Auth:SigningKey and Auth:EncryptionKey.");
        }

        return (signing, encryption);
    }
}
