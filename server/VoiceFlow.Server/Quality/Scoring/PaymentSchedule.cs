namespace VoiceFlow.Server.Quality.Scoring;

/// <summary>
/// Pay for an approved take: 10 cents at score 50 rising linearly to 25 cents at 100 (a take a reviewer approves can
/// score as low as 50), plus a 5-cent bonus at 95 or more.
/// </summary>
public static class PaymentSchedule
{
    public const int BaseCents = 10;
    public const int MaxScaledCents = 25;
    public const int BonusCents = 5;
    public const int BonusAtScore = 95;

    public static int CentsFor(int score)
    {
        var scaled = (Math.Clamp(score, 50, 100) - 50) / 50.0;
        var cents = BaseCents + (int)Math.Round(scaled * (MaxScaledCents - BaseCents), MidpointRounding.AwayFromZero);
        return score >= BonusAtScore ? cents + BonusCents : cents;
    }
}
