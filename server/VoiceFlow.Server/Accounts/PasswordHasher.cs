namespace VoiceFlow.Server.Accounts;

/// <summary>bcrypt password hashing; unknown users still cost one verification so timing does not reveal accounts.</summary>
public sealed class PasswordHasher
{
    private const int WorkFactor = 11;
    private static readonly string DummyHash = BCrypt.Net.BCrypt.HashPassword("not-a-real-password", WorkFactor);

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, WorkFactor);

    public bool Verify(string password, string? hash)
    {
        var matches = BCrypt.Net.BCrypt.Verify(password, hash ?? DummyHash);
        return hash is not null && matches;
    }
}
