using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Deployments;

/// <summary>Reads for the API and the hub. Deleted deployments are invisible.</summary>
public sealed class DeploymentQueries(VoiceFlowDbContext db)
{
    public async Task<List<Guid>> TeamsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(cancellationToken);

    public async Task<List<DeploymentStatus>> ListAsync(IReadOnlyCollection<Guid> teamIds, CancellationToken cancellationToken)
    {
        var deployments = await db.Deployments.AsNoTracking()
            .Where(d => teamIds.Contains(d.TeamId) && d.DeletedAt == null)
            .OrderByDescending(d => d.CreatedAt)
            .ToListAsync(cancellationToken);
        return deployments.Select(DeploymentStatus.From).ToList();
    }

    public Task<Deployment?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.DeletedAt == null, cancellationToken);
}
