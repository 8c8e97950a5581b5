using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>How SynthesizeText cuts text that arrives in arbitrary pieces into the sentences it speaks.</summary>
public sealed class SentenceAssemblerTests
{
    private static (List<string> Sentences, string? Remainder) Assemble(params string[] pieces)
    {
        var assembler = new SentenceAssembler();
        var sentences = new List<string>();
        foreach (var piece in pieces)
        {
            assembler.Append(piece, sentences);
        }

        return (sentences, assembler.Flush());
    }

    private static void AssertAssembled(string[] sentences, string? remainder, params string[] pieces)
    {
        var assembled = Assemble(pieces);
        Assert.Equal(sentences, assembled.Sentences);
        Assert.Equal(remainder, assembled.Remainder);
    }

    [Fact]
    public void A_sentence_completes_when_whitespace_follows_its_terminator_whatever_the_piece_boundaries()
    {
        var (sentences, rest) = Assemble("Hello wor", "ld. How ", "are you?");

        Assert.Equal(["Hello world."], sentences);
        Assert.Equal("How are you?", rest);
    }

    [Fact]
    public void Pieces_glued_after_a_number_or_word_are_split_into_sentences()
    {
        AssertAssembled(["The total is 12345."], "Let us go.", "The total is 12345.", "Let us go.");
        AssertAssembled(["Hi!"], "How are you", "Hi!How are you");
    }

    [Fact]
    public void Decimals_and_initialisms_are_not_split()
    {
        AssertAssembled([], "Pi is 3.14 today", "Pi is 3.", "14 today");
        AssertAssembled([], "Visit the U.S.Army base", "Visit the U.S.Army base");
    }

    [Fact]
    public void Whitespace_is_normalized_and_line_breaks_end_sentences()
    {
        AssertAssembled(["first line"], "second line", "  first \t line\n", "  second   line  ");
        AssertAssembled(["a"], "b", "a\r\n\r\nb");
    }

    [Fact]
    public void Full_width_terminators_end_a_sentence_at_once()
    {
        AssertAssembled(["你好。"], "世界", "你好。世界");
    }

    [Fact]
    public void Text_without_terminators_is_cut_at_a_space_once_it_is_long()
    {
        var (sentences, rest) = Assemble(string.Concat(Enumerable.Repeat("word ", 100)));

        Assert.NotEmpty(sentences);
        Assert.All(sentences, s => Assert.InRange(s.Length, 1, SentenceAssembler.SoftLimit + 10));
        Assert.Equal(string.Join(' ', Enumerable.Repeat("word", 100)), string.Join(' ', sentences.Append(rest)));
    }

    [Fact]
    public void A_held_back_sentence_end_is_recognized_for_the_idle_flush()
    {
        var assembler = new SentenceAssembler();
        assembler.Append("He said \"stop.\"", []);
        Assert.True(assembler.EndsSentence());
        assembler.Append(" and", []);
        Assert.False(assembler.EndsSentence());
    }
}
