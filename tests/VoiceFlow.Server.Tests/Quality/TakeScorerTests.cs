using VoiceFlow.Audio.Analysis;
using VoiceFlow.Server.Quality;
using VoiceFlow.Server.Quality.Scoring;
using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Tests.Quality;

public sealed class TakeScorerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly QualityOptions Rules = new();

    private TakeScore Score(short[] take, double? transcriptMatch)
    {
        var summary = StreamingAnalyzer.Analyze(take, GeneratedTakes.Rate);
        var score = TakeScorer.Score(summary, transcriptMatch, Limit);
        output.WriteLine($"{score} flatness={summary.SpectralFlatness:0.000} centroid={summary.SpectralCentroidHz:0} bw95={summary.Bandwidth95Hz:0} clippedMs={summary.ClippedMs:0.0}");
        return score;
    }

    [Fact]
    public async Task Clean_speech_that_matches_the_prompt_is_approved_and_paid()
    {
        var score = Score(await GeneratedTakes.CleanAsync(), transcriptMatch: 1);

        var decision = TakeDecision.For(score, Rules);
        Assert.Equal(RecordingStatus.Approved, decision.Status);
        Assert.InRange(decision.PaymentCents, 20, 30);
    }

    [Fact]
    public async Task Clean_speech_without_speech_recognition_is_never_rejected()
    {
        var score = Score(await GeneratedTakes.CleanAsync(), transcriptMatch: null);

        Assert.Null(score.TranscriptMatch);
        Assert.NotEqual(RecordingStatus.Rejected, TakeDecision.For(score, Rules).Status);
    }

    [Fact]
    public async Task Clean_speech_of_other_words_than_the_prompt_does_not_pass_unseen()
    {
        var score = Score(await GeneratedTakes.CleanAsync(), transcriptMatch: 0);

        Assert.NotEqual(RecordingStatus.Approved, TakeDecision.For(score, Rules).Status);
    }

    [Fact]
    public async Task More_noise_means_a_lower_score()
    {
        var clean = Score(await GeneratedTakes.CleanAsync(), 1).Score;
        var twenty = Score(await GeneratedTakes.NoisyAsync(20), 1).Score;
        var five = Score(await GeneratedTakes.NoisyAsync(5), 1).Score;

        Assert.True(clean > twenty && twenty > five, $"clean {clean}, 20 dB {twenty}, 5 dB {five}");
    }

    [Fact]
    public async Task Very_noisy_speech_is_rejected_naming_the_noise()
    {
        var decision = TakeDecision.For(Score(await GeneratedTakes.NoisyAsync(0), null), Rules);

        Assert.Equal(RecordingStatus.Rejected, decision.Status);
        Assert.Contains("noise", decision.Reason);
    }

    [Fact]
    public async Task Moderately_noisy_speech_is_not_approved_automatically()
    {
        var decision = TakeDecision.For(Score(await GeneratedTakes.NoisyAsync(12), 1), Rules);

        Assert.NotEqual(RecordingStatus.Approved, decision.Status);
    }

    [Fact]
    public async Task A_clipped_take_is_rejected_whatever_its_score()
    {
        var score = Score(await GeneratedTakes.ClippedAsync(), transcriptMatch: 1);

        Assert.Equal("clipping", score.Reject?.Code);
        Assert.Equal(RecordingStatus.Rejected, TakeDecision.For(score, Rules).Status);
    }

    [Fact]
    public void Silence_is_rejected_as_no_speech()
    {
        var score = Score(GeneratedTakes.Silence(), transcriptMatch: null);

        Assert.Equal("no_speech", score.Reject?.Code);
    }

    [Fact]
    public async Task A_take_under_a_second_is_rejected_as_too_short()
    {
        var clean = await GeneratedTakes.CleanAsync();

        Assert.Equal("too_short", Score(clean[..(GeneratedTakes.Rate * 8 / 10)], 1).Reject?.Code);
    }

    [Fact]
    public async Task A_take_past_the_prompt_limit_is_rejected_as_too_long()
    {
        var summary = StreamingAnalyzer.Analyze(await GeneratedTakes.CleanAsync(), GeneratedTakes.Rate);

        Assert.Equal("too_long", TakeScorer.Score(summary, 1, TimeSpan.FromSeconds(2)).Reject?.Code);
    }

    [Theory]
    [InlineData(100, 30)]
    [InlineData(95, 29)]
    [InlineData(94, 23)]
    [InlineData(85, 21)]
    [InlineData(50, 10)]
    [InlineData(70, 16)]
    public void Payment_scales_from_10_to_25_cents_with_a_bonus_at_95(int score, int cents) =>
        Assert.Equal(cents, PaymentSchedule.CentsFor(score));

    [Theory]
    [InlineData(85, RecordingStatus.Approved)]
    [InlineData(84, RecordingStatus.Review)]
    [InlineData(50, RecordingStatus.Review)]
    [InlineData(49, RecordingStatus.Rejected)]
    public void Thresholds_decide_at_85_and_50(int value, RecordingStatus expected)
    {
        var score = new TakeScore(value, 30, 0.8, 0.8, null, 0.8, null);

        Assert.Equal(expected, TakeDecision.For(score, Rules).Status);
    }

    [Fact]
    public async Task Without_a_transcript_the_other_weights_are_renormalized()
    {
        var summary = StreamingAnalyzer.Analyze(await GeneratedTakes.CleanAsync(), GeneratedTakes.Rate);

        var without = TakeScorer.Score(summary, null, Limit);
        var expected = (int)Math.Round(100 * ((0.25 * without.Snr) + (0.25 * without.Clarity) + (0.20 * without.AudioQuality)) / 0.70, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, without.Score);
        Assert.True(TakeScorer.Score(summary, 0, Limit).Score < without.Score);
    }
}
