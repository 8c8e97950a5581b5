using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Audio;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>SynthesizeText: text that arrives piece by piece, such as a language model's output.</summary>
public sealed class TtsTextStreamTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    /// <summary>A guard against hanging forever if the behaviour breaks; not a performance assertion.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string LettersOf(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    private static async Task<List<TtsChunk>> RestAsync(IAsyncEnumerator<TtsChunk> chunks, List<TtsChunk> received)
    {
        while (await chunks.MoveNextAsync().AsTask().WaitAsync(Patience))
        {
            received.Add(chunks.Current);
        }

        return received;
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task The_first_sentences_audio_arrives_while_the_client_is_still_sending_text(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);
        var text = Channel.CreateUnbounded<string>();
        await text.Writer.WriteAsync("The first sentence ");
        await text.Writer.WriteAsync("is complete. The sec");

        await using var chunks = connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "pcm_16000"), text.Reader).GetAsyncEnumerator();

        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(Patience)); // the text stream is still open
        var received = new List<TtsChunk> { chunks.Current };
        Assert.Equal(0, chunks.Current.Seq);
        Assert.False(chunks.Current.Final);
        await text.Writer.WriteAsync("ond one follows.");
        text.Writer.Complete();
        await RestAsync(chunks, received);

        Assert.Equal(Enumerable.Range(0, received.Count), received.Select(c => c.Seq));
        Assert.True(received[^1].Final);
        Assert.All(received[..^1], c => Assert.Equal(1280, c.Audio.Length));
        var words = received.SelectMany(c => c.Words).ToList();
        Assert.Equal("ThefirstsentenceiscompleteThesecondonefollows", LettersOf(string.Concat(words.Select(w => w.Word))));
        Assert.True(words.Zip(words.Skip(1)).All(p => p.First.EndMs <= p.Second.StartMs), "one clock for both sentences");
        double durationMs = received.Audio().Length / 2 / 16.0;
        Assert.InRange(words[^1].EndMs, words[^1].StartMs, Math.Ceiling(durationMs));
        Assert.True(Pcm16.RmsDbfs(Pcm16.ToSamples(received.Audio())) > -35);
    }

    [Fact]
    public async Task A_sentence_without_a_following_space_is_spoken_when_no_more_text_comes()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);
        var text = Channel.CreateUnbounded<string>();
        await text.Writer.WriteAsync("Hello there.");

        await using var chunks = connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "ulaw_8000"), text.Reader).GetAsyncEnumerator();

        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(Patience));
        text.Writer.Complete();
        var received = await RestAsync(chunks, [chunks.Current]);
        Assert.True(received[^1].Final);
    }

    [Fact]
    public async Task Pieces_joined_without_a_space_become_separate_sentences_and_numbers_stay_whole()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);
        var pieces = new[] { "The total is 12345.", "Let us go. Pi is 3.", "14 today." }.ToAsyncEnumerable();

        var received = new List<TtsChunk>();
        await foreach (var chunk in connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "pcm_16000"), pieces))
        {
            received.Add(chunk);
        }

        var words = received.SelectMany(c => c.Words).Select(w => w.Word).ToList();
        Assert.Contains("12345", words);
        Assert.Contains("Let", words);
        Assert.DoesNotContain(words, w => w.Contains("12345.", StringComparison.Ordinal) || w.Contains(".Let", StringComparison.Ordinal));
        Assert.True(received[^1].Final);
    }

    [Fact]
    public async Task A_text_stream_over_5000_characters_is_refused_as_invalid()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);
        var pieces = Enumerable.Repeat(string.Concat(Enumerable.Repeat("Go on. ", 143)), 5).ToAsyncEnumerable(); // 5 x 1001

        var (code, _) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "ulaw_8000"), pieces));

        Assert.Equal("invalid_request", code);
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task A_text_stream_without_text_or_with_bad_options_is_refused_before_any_audio(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var (code, chunks) = await TtsClients.StreamErrorAsync(connection.StreamAsync<TtsChunk>(
            "SynthesizeText", new TtsTextOptions("en-us", "pcm_16000"), new[] { "  ", "\n\n", "" }.ToAsyncEnumerable()));
        Assert.Equal(("invalid_request", 0), (code, chunks));

        (code, chunks) = await TtsClients.StreamErrorAsync(connection.StreamAsync<TtsChunk>(
            "SynthesizeText", new TtsTextOptions("en-us", "flac"), new[] { "Hello." }.ToAsyncEnumerable()));
        Assert.Equal(("invalid_request", 0), (code, chunks));
    }

    [Fact]
    public async Task Cancelling_a_text_stream_ends_it_and_the_connection_keeps_working()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);
        var text = Channel.CreateUnbounded<string>();
        await text.Writer.WriteAsync(string.Concat(Enumerable.Repeat("Keep talking for a good while please. ", 40)));
        using var cancel = new CancellationTokenSource();

        await using (var chunks = connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "pcm_16000"), text.Reader, cancel.Token).GetAsyncEnumerator())
        {
            Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(Patience));
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (await chunks.MoveNextAsync())
                {
                    Assert.False(chunks.Current.Final);
                }
            });
        }

        var next = await connection.SynthesizeAllAsync(new TtsRequest("Still here.", "en-us", "pcm_16000"));
        Assert.True(next[^1].Final);
    }
}
