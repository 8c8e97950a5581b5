using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.Deployments.Realtime;

/// <summary>
/// Live deployment status for console users. <c>Watch()</c> joins the groups of the caller's teams (read at that
/// moment) and returns their deployments; changes arrive as <c>DeploymentChanged</c> and <c>DeploymentLog</c>.
/// </summary>
[Authorize(Policy = AuthPolicies.Account)]
public sealed class DeploymentsHub(DeploymentQueries queries) : Hub
{
    private const string WatchedTeams = "deployments:watched-teams";

    public async Task<IReadOnlyList<DeploymentStatus>> Watch()
    {
        var userId = Context.User!.RequiredUserId();
        var teams = await queries.TeamsOfAsync(userId, Context.ConnectionAborted);
        await LeaveAsync();
        foreach (var team in teams)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, DeploymentsHubProtocol.TeamGroup(team), Context.ConnectionAborted);
        }

        Context.Items[WatchedTeams] = teams;
        return await queries.ListAsync(teams, Context.ConnectionAborted);
    }

    public Task Unwatch() => LeaveAsync();

    private async Task LeaveAsync()
    {
        if (Context.Items.Remove(WatchedTeams, out var watched) && watched is IReadOnlyList<Guid> teams)
        {
            foreach (var team in teams)
            {
                await Groups.RemoveFromGroupAsync(Context.ConnectionId, DeploymentsHubProtocol.TeamGroup(team));
            }
        }
    }
}
