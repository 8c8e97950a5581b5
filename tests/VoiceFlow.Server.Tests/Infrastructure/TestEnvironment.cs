namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>Where the real PostgreSQL and Redis started by ./test.sh are.</summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("VOICEFLOW_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "VOICEFLOW_TEST_POSTGRES is not set. Run the tests through ./test.sh, which starts PostgreSQL and Redis.");

    public static string? RedisConnectionString =>
        Environment.GetEnvironmentVariable("VOICEFLOW_TEST_REDIS") is { Length: > 0 } value ? value : null;

    public static string DataRoot =>
        Environment.GetEnvironmentVariable("VOICEFLOW_TEST_DATA") is { Length: > 0 } value ? value : Path.GetTempPath();
}
