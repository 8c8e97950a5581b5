using VoiceFlow.Audio;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>Framing and word placement with exactly known input (the engine's own output varies slightly run to run).</summary>
public sealed class TtsChunkEncoderTests
{
    private const int Rate = 22_050;

    private static SynthesisChunk Audio(int samples, long start, params (string Word, long Sample)[] words) => new(
        Enumerable.Repeat((short)1000, samples).ToArray(), Rate, start,
        words.Select(w => new WordEvent(w.Word, 0, w.Word.Length, w.Sample, w.Sample * 1000.0 / Rate)).ToArray());

    [Fact]
    public void Frames_have_the_configured_duration_and_the_last_chunk_carries_the_rest()
    {
        var encoder = new TtsChunkEncoder(TtsFormat.Pcm22050, frameMs: 20);
        var output = new List<TtsChunk>();

        encoder.Append(Audio(1_000, 0), output);
        encoder.EndUnit(output);
        encoder.Complete(output);

        Assert.Equal([882, 882, 236], output.Select(c => c.Audio.Length)); // 441 samples a frame, 118 left
        Assert.Equal([false, false, true], output.Select(c => c.Final));
        Assert.Equal([0, 1, 2], output.Select(c => c.Seq));
    }

    [Fact]
    public void A_word_arrives_in_the_frame_where_it_starts_and_ends_where_the_next_starts_or_the_audio_ends()
    {
        var encoder = new TtsChunkEncoder(TtsFormat.Pcm22050, frameMs: 20);
        var output = new List<TtsChunk>();

        encoder.Append(Audio(1_000, 0, ("one", 0), ("two", 500)), output);
        encoder.EndUnit(output);
        encoder.Complete(output);

        Assert.Equal([new TtsWord("one", 0, 22)], output[0].Words);
        Assert.Equal([new TtsWord("two", 22, 45)], output[1].Words); // 500 samples = 22.7 ms; audio ends at 45.4 ms
        Assert.Empty(output[2].Words);
    }

    [Fact]
    public void A_frame_waits_until_the_end_of_its_words_is_known()
    {
        var encoder = new TtsChunkEncoder(TtsFormat.Pcm22050, frameMs: 20);
        var output = new List<TtsChunk>();

        encoder.Append(Audio(441, 0), output);
        Assert.Single(output); // no word in it: leaves at once

        encoder.Append(Audio(882, 441, ("word", 500)), output);
        Assert.Single(output); // "word" starts in frame 1 and its end is not known yet

        encoder.Append(Audio(441, 1_323, ("next", 1_400)), output);
        Assert.Equal(3, output.Count); // frames 1 and 2 go; frame 3 holds "next"
        Assert.Equal("word", Assert.Single(output[1].Words).Word);
    }

    [Fact]
    public void Several_engine_calls_share_one_clock()
    {
        var encoder = new TtsChunkEncoder(TtsFormat.Pcm16000, frameMs: 40);
        var output = new List<TtsChunk>();

        encoder.BeginUnit();
        encoder.Append(Audio(Rate, 0, ("first", 0)), output);
        encoder.EndUnit(output);
        encoder.BeginUnit();
        encoder.Append(Audio(Rate, 0, ("second", Rate / 2)), output); // positions count from the second call's start
        encoder.EndUnit(output);
        encoder.Complete(output);

        var words = output.SelectMany(c => c.Words).ToList();
        Assert.Equal([new TtsWord("first", 0, 1_000), new TtsWord("second", 1_500, 2_000)], words);
        Assert.Equal(32_000 * 2, output.Sum(c => c.Audio.Length)); // two seconds at 16 kHz
        Assert.Equal(2.0, encoder.AudioSeconds, 6);
    }

    [Fact]
    public void Wav_puts_the_header_in_front_of_the_first_chunk_even_when_there_is_no_audio()
    {
        var encoder = new TtsChunkEncoder(TtsFormat.Wav, frameMs: 40);
        var output = new List<TtsChunk>();

        encoder.Complete(output);

        var chunk = Assert.Single(output);
        Assert.True(chunk.Final);
        Assert.Equal(WavHeader.CreatePcm16(24_000), chunk.Audio);
        Assert.Empty(WavReader.ReadAllMono(chunk.Audio).Samples);
    }

    [Fact]
    public async Task The_memory_slots_admit_up_to_the_limit_and_free_a_slot_when_it_is_disposed()
    {
        var slots = new MemoryTtsStreamSlots();
        var key = Guid.NewGuid();

        var first = await slots.TryAcquireAsync(key, 2, default);
        var second = await slots.TryAcquireAsync(key, 2, default);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(await slots.TryAcquireAsync(key, 2, default));
        Assert.NotNull(await slots.TryAcquireAsync(Guid.NewGuid(), 2, default)); // per key

        await first.DisposeAsync();
        await first.DisposeAsync(); // twice is once
        Assert.NotNull(await slots.TryAcquireAsync(key, 2, default));
        Assert.Null(await slots.TryAcquireAsync(key, 2, default));
    }
}
