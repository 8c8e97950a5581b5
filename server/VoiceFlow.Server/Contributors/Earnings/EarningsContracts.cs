namespace VoiceFlow.Server.Contributors.Earnings;

/// <summary>
/// Where a contributor's money stands: takes still being decided, approved pay not yet asked for, pay asked for and
/// not yet sent, and pay sent. <c>totalEarnedCents</c> is everything approved so far.
/// </summary>
public sealed record EarningsSummary(
    int PendingRecordings,
    int ReviewRecordings,
    int ApprovedRecordings,
    int RejectedRecordings,
    int ApprovedUnpaidCents,
    int PayoutRequestedCents,
    int PaidCents,
    int TotalEarnedCents,
    int MinimumPayoutCents);

public sealed record PayoutView(Guid Id, int AmountCents, int RecordingCount, string Status, DateTimeOffset RequestedAt, DateTimeOffset? PaidAt);
