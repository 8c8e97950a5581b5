using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VoiceFlow.Server.Contributors.Earnings;

/// <summary>Money a contributor asked to be paid: the sum of their approved takes not yet in a payout.</summary>
public sealed class Payout
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ContributorId { get; init; }
    public int AmountCents { get; init; }
    public int RecordingCount { get; init; }
    public PayoutStatus Status { get; set; } = PayoutStatus.Requested;
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>The payment provider's reference once the transfer is made.</summary>
    public string? TransferReference { get; set; }
}

public enum PayoutStatus
{
    Requested,
    Paid,
    Failed,
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> payout)
    {
        payout.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        payout.Property(p => p.TransferReference).HasMaxLength(100);
        payout.HasIndex(p => new { p.ContributorId, p.RequestedAt });
        payout.HasOne<Contributor>().WithMany().HasForeignKey(p => p.ContributorId).OnDelete(DeleteBehavior.Cascade);
    }
}
