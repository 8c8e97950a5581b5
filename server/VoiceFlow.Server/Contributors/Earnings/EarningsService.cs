using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Contributors.Earnings;

/// <summary>A payout request that could not be made, and why.</summary>
public sealed record PayoutRefusal(int AvailableCents, int MinimumCents);

public sealed class EarningsService(VoiceFlowDbContext db, AuditLog audit, IOptions<EarningsOptions> options, TimeProvider clock)
{
    public async Task<EarningsSummary> SummarizeAsync(Guid contributorId, CancellationToken cancellationToken)
    {
        var counts = await db.Recordings.AsNoTracking().Where(r => r.ContributorId == contributorId)
            .GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var approved = await ApprovedTakes(contributorId)
            .GroupBy(a => a.PayoutId == null)
            .Select(g => new { Unpaid = g.Key, Cents = g.Sum(a => a.PaymentCents) })
            .ToListAsync(cancellationToken);
        var payouts = await db.Payouts.AsNoTracking().Where(p => p.ContributorId == contributorId)
            .GroupBy(p => p.Status).Select(g => new { Status = g.Key, Cents = g.Sum(p => p.AmountCents) })
            .ToDictionaryAsync(g => g.Status, g => g.Cents, cancellationToken);
        return new EarningsSummary(
            counts.GetValueOrDefault(RecordingStatus.Pending),
            counts.GetValueOrDefault(RecordingStatus.Review),
            counts.GetValueOrDefault(RecordingStatus.Approved),
            counts.GetValueOrDefault(RecordingStatus.Rejected),
            approved.Where(a => a.Unpaid).Sum(a => a.Cents),
            payouts.GetValueOrDefault(PayoutStatus.Requested),
            payouts.GetValueOrDefault(PayoutStatus.Paid),
            approved.Sum(a => a.Cents),
            options.Value.MinimumCents);
    }

    public async Task<List<PayoutView>> PayoutsAsync(Guid contributorId, CancellationToken cancellationToken) =>
        await db.Payouts.AsNoTracking().Where(p => p.ContributorId == contributorId).OrderByDescending(p => p.RequestedAt)
            .Select(p => new PayoutView(p.Id, p.AmountCents, p.RecordingCount, p.Status.ToString().ToLower(), p.RequestedAt, p.PaidAt))
            .ToListAsync(cancellationToken);

    /// <summary>Gathers every approved take not yet in a payout into a new payout; refused below the minimum.</summary>
    public async Task<(PayoutView? Payout, PayoutRefusal? Refusal)> RequestPayoutAsync(Guid contributorId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Row locks make two requests at once pay each take only once: the second sees the first's payout id.
        var unpaid = await db.RecordingAssessments
            .FromSql($"""
                SELECT a.* FROM recording_assessments a JOIN recordings r ON r.id = a.recording_id
                WHERE r.contributor_id = {contributorId} AND r.status = 'Approved' AND a.payout_id IS NULL
                FOR UPDATE OF a
                """)
            .ToListAsync(cancellationToken);
        var amount = unpaid.Sum(a => a.PaymentCents);
        if (amount < options.Value.MinimumCents)
        {
            return (null, new PayoutRefusal(amount, options.Value.MinimumCents));
        }

        var payout = new Payout { ContributorId = contributorId, AmountCents = amount, RecordingCount = unpaid.Count, RequestedAt = clock.GetUtcNow() };
        db.Payouts.Add(payout);
        foreach (var take in unpaid)
        {
            take.PayoutId = payout.Id;
        }

        audit.Record("payout.request", "payout", payout.Id, userId: contributorId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new PayoutView(payout.Id, amount, unpaid.Count, "requested", payout.RequestedAt, null), null);
    }

    private IQueryable<Quality.RecordingAssessment> ApprovedTakes(Guid contributorId) =>
        db.Recordings.AsNoTracking()
            .Where(r => r.ContributorId == contributorId && r.Status == RecordingStatus.Approved)
            .Join(db.RecordingAssessments, r => r.Id, a => a.RecordingId, (r, a) => a);
}
