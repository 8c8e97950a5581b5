using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

public sealed class MultiNodeDeploymentTests(LocalDeploymentsApp app) : IClassFixture<LocalDeploymentsApp>
{
    private static readonly string[] Lifecycle = ["pending", "provisioning", "starting", "running", "stopping", "stopped"];

    [Fact]
    public async Task A_watcher_on_one_node_sees_each_transition_made_through_another_exactly_once()
    {
        if (TestEnvironment.RedisConnectionString is null)
        {
            Assert.Skip("Needs Redis: run through ./test.sh.");
        }

        await using var nodeB = app.SecondNode();
        var owner = await app.CreateClient().SignUpAsync();
        var nodeAClient = app.ClientFor(owner);
        var team = await nodeAClient.PersonalTeamAsync();
        await app.Database.ExecuteAsync($"UPDATE teams SET plan = 'Pro' WHERE id = '{team}'");
        await using var watcherOnB = await DeploymentWatcher.ConnectAsync(nodeB, owner, messagePack: true);
        await watcherOnB.WatchAsync();

        // Both nodes drive; each deployment is claimed by exactly one of them.
        var first = (await nodeAClient.CreateOkAsync("across-nodes-1")).Id;
        var second = (await nodeAClient.CreateOkAsync("across-nodes-2")).Id;
        await watcherOnB.WaitForStatusAsync(first, "running");
        await watcherOnB.WaitForStatusAsync(second, "running");
        await nodeAClient.PostAsync($"/api/deployments/{first}/stop", null);
        await nodeAClient.PostAsync($"/api/deployments/{second}/stop", null);
        await watcherOnB.WaitForStatusAsync(first, "stopped");
        await watcherOnB.WaitForStatusAsync(second, "stopped");
        await Task.Delay(500); // room for a duplicate to show up, if there were one

        foreach (var id in new[] { first, second })
        {
            Assert.Equal(Lifecycle, watcherOnB.TransitionsOf(id));
            Assert.Equal(Lifecycle.Length, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM deployment_events WHERE deployment_id = '{id}'"));
            Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM deployment_runs WHERE deployment_id = '{id}'"));
        }

        var drivers = await app.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT node) FROM deployment_events WHERE deployment_id IN ('{first}', '{second}') AND status <> 'pending'");
        Assert.InRange(drivers, 1L, 2L);
    }
}
