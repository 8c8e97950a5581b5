using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Contributors.Earnings;

public sealed class EarningsOptions
{
    public const string Section = "Contributors:Payouts";

    /// <summary>Smallest payout a contributor can ask for (transfer fees make tiny payouts wasteful).</summary>
    [Range(1, 100_000)]
    public int MinimumCents { get; set; } = 500;
}
