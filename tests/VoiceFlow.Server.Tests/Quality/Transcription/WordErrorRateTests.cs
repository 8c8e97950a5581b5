using VoiceFlow.Server.Quality.Transcription;

namespace VoiceFlow.Server.Tests.Quality.Transcription;

public sealed class WordErrorRateTests
{
    [Fact]
    public void Identical_text_has_no_errors() =>
        Assert.Equal(0, WordErrorRate.Compute("the quick brown fox", "the quick brown fox"));

    [Fact]
    public void One_substitution_in_four_words_is_a_quarter() =>
        Assert.Equal(0.25, WordErrorRate.Compute("the quick brown fox", "the quick red fox"), 10);

    [Fact]
    public void A_missing_word_is_one_deletion() =>
        Assert.Equal(0.25, WordErrorRate.Compute("the quick brown fox", "the quick fox"), 10);

    [Fact]
    public void An_extra_word_is_one_insertion() =>
        Assert.Equal(0.25, WordErrorRate.Compute("the quick brown fox", "the very quick brown fox"), 10);

    [Fact]
    public void Errors_of_every_kind_add_up() =>
        // "quick" deleted, "brown" → "red", "today" inserted: 3 edits over 4 reference words.
        Assert.Equal(0.75, WordErrorRate.Compute("the quick brown fox", "the red fox today"), 10);

    [Fact]
    public void Nothing_heard_is_every_word_deleted() =>
        Assert.Equal(1, WordErrorRate.Compute("the quick brown fox", ""));

    [Fact]
    public void A_longer_hypothesis_can_exceed_one() =>
        Assert.Equal(2.5, WordErrorRate.Compute("hello there", "well hello and hi over there you"), 10);

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "something", 1)]
    [InlineData("?!", "", 0)]
    [InlineData("[BLANK_AUDIO]", "um", 0)]
    public void A_reference_without_words_scores_zero_or_one(string reference, string hypothesis, double expected) =>
        Assert.Equal(expected, WordErrorRate.Compute(reference, hypothesis));

    [Theory]
    [InlineData("Hello, World!", "hello world")]
    [InlineData("The meeting starts at 3 PM.", "the meeting starts at three pm")]
    [InlineData("I can't believe it's the 21st century.", "I cannot believe it is the twenty-first century")]
    [InlineData("It costs $25, or 10% more.", "it costs twenty five dollars or ten percent more")]
    [InlineData("Um, the state-of-the-art mic.", "The state of the art mic")]
    public void Case_punctuation_and_number_forms_are_not_errors(string reference, string hypothesis) =>
        Assert.Equal(0, WordErrorRate.Compute(reference, hypothesis));

    [Theory]
    [InlineData("the quick brown fox", "the quick brown fox", 1)]
    [InlineData("the quick brown fox", "the quick red fox", 0.75)]
    [InlineData("the quick brown fox", "", 0)]
    [InlineData("hello there", "well hello and hi over there you", 0)]
    [InlineData("", "anything", 0)]
    [InlineData("", "", 1)]
    public void Match_ratio_is_one_minus_wer_clipped_to_zero_and_one(string reference, string hypothesis, double expected) =>
        Assert.Equal(expected, WordErrorRate.MatchRatio(reference, hypothesis), 10);
}
