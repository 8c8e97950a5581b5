using VoiceFlow.Audio;

namespace VoiceFlow.Audio.Tests;

public class Pcm16Tests
{
    [Fact]
    public void A_sample_takes_two_bytes() => Assert.Equal(2, Pcm16.BytesPerSample);
}
