using VoiceFlow.Audio.Synthesis;

namespace VoiceFlow.Audio.Tests;

public class TextSegmenterTests
{
    [Fact]
    public void Text_is_split_into_sentences_without_surrounding_space()
    {
        const string text = "  First one. Second? Third!\nFourth; fifth 3.14 stays  ";
        var segments = TextSegmenter.Split(text);

        Assert.Equal(
            ["First one.", "Second?", "Third!", "Fourth;", "fifth 3.14 stays"],
            segments.Select(s => text.Substring(s.Offset, s.Length)));
        Assert.All(segments, s => Assert.True(s.EndsSentence));
    }

    [Fact]
    public void Long_sentences_are_cut_at_commas_or_spaces_within_the_limit()
    {
        string text = string.Join(", ", Enumerable.Repeat("a clause of several words", 20)) + ".";
        var segments = TextSegmenter.Split(text, maxLength: 100);

        Assert.True(segments.Count > 1);
        Assert.All(segments, s => Assert.InRange(s.Length, 1, 100));
        Assert.All(segments.SkipLast(1), s => Assert.False(s.EndsSentence));
        Assert.True(segments[^1].EndsSentence);
        Assert.All(segments.SkipLast(1), s => Assert.EndsWith(",", text.Substring(s.Offset, s.Length), StringComparison.Ordinal));
        Assert.Equal(
            text.Replace(" ", "", StringComparison.Ordinal),
            string.Concat(segments.Select(s => text.Substring(s.Offset, s.Length))).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_or_blank_text_has_no_segments() => Assert.Empty(TextSegmenter.Split("   \n "));
}
