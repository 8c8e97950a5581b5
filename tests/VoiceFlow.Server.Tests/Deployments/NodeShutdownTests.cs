using Microsoft.AspNetCore.Hosting;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

public sealed class NodeShutdownTests(ApiOnlyDeploymentsApp app) : IClassFixture<ApiOnlyDeploymentsApp>
{
    [Fact]
    public async Task A_node_that_shuts_down_stops_its_local_workers_and_fails_their_deployments_with_a_message()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        // The fixture's node drives nothing; this second node on the same database is the only driver.
        var driver = app.WithWebHostBuilder(node =>
        {
            node.UseSetting("Deployments:Driver:Enabled", "true");
            node.UseSetting("Deployments:Driver:PollInterval", "00:00:00.200");
            node.UseSetting("Deployments:Driver:ProbeInterval", "00:00:00.500");
            node.UseSetting("Deployments:Driver:LeaseDuration", "00:00:05");
        });
        try
        {
            _ = driver.Server;
            var id = (await client.CreateOkAsync("goes-down-with-node")).Id;
            await client.WaitForStatusAsync(id, "running");
            var pid = await app.Database.ScalarAsync<int>($"SELECT (provider_handle->>'Pid')::int FROM deployments WHERE id = '{id}'");
            Assert.Equal(driver.NodeId(), await app.Database.ScalarAsync<string>($"SELECT lease_owner FROM deployments WHERE id = '{id}'"));

            await driver.DisposeAsync();

            Assert.True(LocalDeploymentTests.ProcessIsGone(pid), $"Worker process {pid} outlived its node.");
            var failed = await client.GetDeploymentAsync(id);
            Assert.Equal("failed", failed.Status);
            Assert.Contains("shut down", failed.Message);
            Assert.Null(await app.Database.ScalarAsync<string>($"SELECT lease_owner FROM deployments WHERE id = '{id}'"));
            Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM deployment_runs WHERE deployment_id = '{id}' AND stopped_at IS NULL"));
        }
        finally
        {
            await driver.DisposeAsync();
        }
    }
}
