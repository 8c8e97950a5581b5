namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>A clock that moves only when the test moves it: wall time and elapsed-time stamps move together.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public ManualClock()
        : this(DateTimeOffset.UnixEpoch)
    {
    }

    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.UtcTicks;
}
