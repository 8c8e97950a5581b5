using System.Data;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace VoiceFlow.Server.Infrastructure.Database;

/// <summary>
/// Counts for gauges that are read every few seconds on every node, at a cost that does not grow with the count.
/// An exact count(*) reads every matching row: over a backlog of 100,000 takes PostgreSQL ran it as a parallel scan
/// that took both cores of a small node for 40 ms, and every live stream felt it.
/// </summary>
public static class BoundedCount
{
    /// <summary>
    /// The exact number of rows when it is at most <paramref name="exactUpTo"/> (found by reading at most one row more);
    /// above that, PostgreSQL's planner estimate for the query, from the table statistics that autovacuum keeps.
    /// Order the query by the index its filter uses: without an order the planner may scan the table from the start,
    /// through every row that does not match, to find the first ones that do.
    /// </summary>
    public static async Task<long> CountOrEstimateAsync<T>(this IQueryable<T> query, DbContext db, int exactUpTo, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exactUpTo);
        int exact = await query.Take(exactUpTo + 1).CountAsync(cancellationToken);
        if (exact <= exactUpTo)
        {
            return exact;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var explain = query.CreateDbCommand();
            explain.CommandText = "EXPLAIN (FORMAT JSON) " + explain.CommandText;
            var plan = await explain.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new DataException("EXPLAIN returned no plan.");
            using var json = JsonDocument.Parse(plan);
            double estimated = json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
            return Math.Max(exact, (long)estimated);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
