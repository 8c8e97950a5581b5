using BenchmarkDotNet.Attributes;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.ApiKeys;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// What authenticating a caller costs: an API key is checked by format and SHA-256 (then one index probe), on every
/// REST request and hub call with a key; a password login is a bcrypt verification (work factor 11), which is what
/// bounds logins per second on a small machine.
/// </summary>
[MemoryDiagnoser]
public class KeyHashingBenchmarks
{
    private readonly string _key = ApiKeyFormat.Generate();
    private readonly PasswordHasher _passwords = new();
    private string _passwordHash = "";

    [GlobalSetup]
    public void Setup() => _passwordHash = _passwords.Hash("Load-test-password-1");

    [Benchmark(Description = "API key: format check + SHA-256")]
    public byte[] ApiKeyHash() => ApiKeyFormat.LooksLikeKey(_key) ? ApiKeyFormat.Hash(_key) : [];

    [Benchmark(Description = "API key: generate")]
    public string ApiKeyGenerate() => ApiKeyFormat.Generate();

    [Benchmark(Description = "password: bcrypt verify (login)")]
    public bool PasswordVerify() => _passwords.Verify("Load-test-password-1", _passwordHash);
}
