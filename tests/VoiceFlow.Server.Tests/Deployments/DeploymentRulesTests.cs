using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>The API's rules, on a node that drives nothing (deployments stay pending unless stopped).</summary>
public sealed class DeploymentRulesTests(ApiOnlyDeploymentsApp app) : IClassFixture<ApiOnlyDeploymentsApp>
{
    [Fact]
    public async Task Invalid_requests_are_refused_naming_each_field_at_fault()
    {
        var client = app.ClientFor(await app.CreateClient().SignUpAsync());

        var response = await client.PostAsJsonAsync("/api/deployments",
            new { name = "Not_DNS!", gpuType = "TPU9000", deploymentType = "spot", engine = "festival" });

        var problem = await response.AssertValidationProblemAsync("name", "gpuType", "deploymentType", "engine");
        Assert.Contains("L40S", problem.GetProperty("errors").EnumerateObject().First(e => e.Name.Equals("gpuType", StringComparison.OrdinalIgnoreCase)).Value.ToString());
        await (await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("ab"))).AssertValidationProblemAsync("name");
        await (await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("-leading-hyphen"))).AssertValidationProblemAsync("name");
        await (await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body(new string('a', 64)))).AssertValidationProblemAsync("name");
        await (await client.PostAsJsonAsync("/api/deployments", new { name = "fine-name" })).AssertValidationProblemAsync("gpuType", "deploymentType");
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM deployments WHERE name = 'fine-name'"));
    }

    [Fact]
    public async Task A_deployment_is_created_pending_with_its_price_and_the_default_engine()
    {
        var client = app.ClientFor(await app.CreateClient().SignUpAsync());

        var response = await client.PostAsJsonAsync("/api/deployments", new { name = "raw-box", gpuType = "h100", deploymentType = "raw_compute" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal("H100", body.GetProperty("gpuType").GetString());
        Assert.Equal("raw_compute", body.GetProperty("deploymentType").GetString());
        Assert.Equal("espeak-ng", body.GetProperty("engine").GetString());
        Assert.Equal(239, body.GetProperty("hourlyCostCents").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("endpoint").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("stoppedAt").ValueKind);
        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task The_free_plan_allows_one_active_deployment_and_402_names_the_plan_that_lifts_it()
    {
        var client = app.ClientFor(await app.CreateClient().SignUpAsync());
        var team = await client.PersonalTeamAsync();
        var first = await client.CreateOkAsync("only-one");

        var refused = await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("one-too-many"));

        var problem = await refused.AssertProblemAsync(HttpStatusCode.PaymentRequired, "Plan limit reached");
        Assert.Equal("pro", problem.GetProperty("requiredPlan").GetString());
        Assert.Contains("pro plan", problem.GetProperty("detail").GetString());

        // A deployment being stopped no longer counts.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/deployments/{first.Id}/stop", null)).StatusCode);
        await client.CreateOkAsync("replacement");

        await app.Database.ExecuteAsync($"UPDATE teams SET plan = 'Pro' WHERE id = '{team}'");
        for (var i = 2; i <= 5; i++)
        {
            await client.CreateOkAsync($"pro-{i}");
        }

        var overPro = await (await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("pro-6"))).AssertProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Equal("enterprise", overPro.GetProperty("requiredPlan").GetString());

        await app.Database.ExecuteAsync($"UPDATE teams SET plan = 'Enterprise' WHERE id = '{team}'");
        await client.CreateOkAsync("enterprise-6");
    }

    [Fact]
    public async Task Viewers_read_deployments_but_cannot_create_stop_or_delete_them()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var developer = await app.CreateClient().SignUpAsync();
        var viewer = await app.CreateClient().SignUpAsync();
        var team = await app.CreateTeamAsync(owner);
        await app.AddMemberAsync(owner, team, developer, "developer");
        await app.AddMemberAsync(owner, team, viewer, "viewer");
        var asViewer = app.ClientFor(viewer);
        var deployment = await app.ClientFor(developer).CreateOkAsync("team-voice", team);

        Assert.Equal(deployment.Id, (await asViewer.GetDeploymentAsync(deployment.Id)).Id);
        Assert.Single((await asViewer.GetFromJsonAsync<List<JsonElement>>($"/api/deployments?teamId={team}"))!);
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync($"/api/deployments/{deployment.Id}/events")).StatusCode);

        await (await asViewer.PostAsJsonAsync($"/api/deployments?teamId={team}", DeploymentApi.Body("viewer-made"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await asViewer.PostAsync($"/api/deployments/{deployment.Id}/stop", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await asViewer.DeleteAsync($"/api/deployments/{deployment.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False((await asViewer.GetDeploymentAsync(deployment.Id)).StopRequested);

        Assert.Equal(HttpStatusCode.Accepted, (await app.ClientFor(developer).PostAsync($"/api/deployments/{deployment.Id}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientFor(developer).DeleteAsync($"/api/deployments/{deployment.Id}")).StatusCode);
    }

    [Fact]
    public async Task Strangers_get_404_for_another_teams_deployments()
    {
        var owner = app.ClientFor(await app.CreateClient().SignUpAsync());
        var ownersTeam = await owner.PersonalTeamAsync();
        var deployment = await owner.CreateOkAsync("private-voice");
        var stranger = app.ClientFor(await app.CreateClient().SignUpAsync());

        await (await stranger.GetAsync($"/api/deployments/{deployment.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/deployments/{deployment.Id}/events")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/deployments/{deployment.Id}/logs")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/deployments/{deployment.Id}/stop", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/deployments/{deployment.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/deployments?teamId={ownersTeam}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsJsonAsync($"/api/deployments?teamId={ownersTeam}", DeploymentApi.Body("intruder"))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await stranger.GetFromJsonAsync<List<JsonElement>>("/api/deployments"))!);
        Assert.False((await owner.GetDeploymentAsync(deployment.Id)).StopRequested);
    }

    [Fact]
    public async Task A_name_is_taken_in_its_team_until_the_deployment_is_deleted()
    {
        var client = app.ClientFor(await app.CreateClient().SignUpAsync());
        var first = await client.CreateOkAsync("same-name");
        await client.PostAsync($"/api/deployments/{first.Id}/stop", null);

        await (await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("same-name"))).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/deployments/{first.Id}")).StatusCode);
        await (await client.GetAsync($"/api/deployments/{first.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await client.GetFromJsonAsync<List<JsonElement>>("/api/deployments"))!, d => d.GetProperty("id").GetGuid() == first.Id);
        var again = await client.CreateOkAsync("same-name");
        Assert.NotEqual(first.Id, again.Id);
    }

    [Fact]
    public async Task Creating_stopping_and_deleting_are_audited_in_the_team_log()
    {
        var user = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(user);
        var deployment = await client.CreateOkAsync("audited");
        await client.PostAsync($"/api/deployments/{deployment.Id}/stop", null);
        await client.DeleteAsync($"/api/deployments/{deployment.Id}");

        var actions = await app.Database.ScalarAsync<string>(
            $"SELECT string_agg(action, ',' ORDER BY at) FROM audit_log WHERE resource_id = '{deployment.Id}' AND user_id = '{user.Id}' AND team_id = '{deployment.TeamId}'");
        Assert.Equal("deployment.create,deployment.stop,deployment.delete", actions);
    }

    [Fact]
    public async Task Watchers_see_their_teams_deployments_and_never_another_teams()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var viewer = await app.CreateClient().SignUpAsync();
        var stranger = await app.CreateClient().SignUpAsync();
        var team = await app.CreateTeamAsync(owner);
        await app.AddMemberAsync(owner, team, viewer, "viewer");
        await app.Database.ExecuteAsync($"UPDATE teams SET plan = 'Pro' WHERE id = '{team}'");
        var existing = await app.ClientFor(owner).CreateOkAsync("already-there", team);
        var strangersOwn = await app.ClientFor(stranger).CreateOkAsync("strangers-own");
        await using var viewerWatch = await DeploymentWatcher.ConnectAsync(app, viewer, messagePack: true);
        await using var strangerWatch = await DeploymentWatcher.ConnectAsync(app, stranger);

        var initial = await viewerWatch.WatchAsync();
        Assert.Equal([existing.Id], initial.Select(d => d.Id));
        Assert.Equal("pending", initial[0].Status);
        Assert.Equal(team, initial[0].TeamId);
        Assert.Equal([strangersOwn.Id], (await strangerWatch.WatchAsync()).Select(d => d.Id));

        var created = await app.ClientFor(owner).CreateOkAsync("watched-live", team);
        var seen = await viewerWatch.WaitForStatusAsync(created.Id, "pending", seconds: 30);
        Assert.Null(seen.PreviousStatus);
        Assert.Equal("watched-live", seen.Text("name"));

        await viewerWatch.UnwatchAsync();
        await app.ClientFor(owner).PostAsync($"/api/deployments/{created.Id}/stop", null);
        var another = await app.ClientFor(stranger).PostAsJsonAsync("/api/deployments", DeploymentApi.Body("strangers-second"));
        Assert.Equal(HttpStatusCode.PaymentRequired, another.StatusCode);
        await Task.Delay(300);

        Assert.DoesNotContain(strangerWatch.Seen, s => s.Id == created.Id || s.Id == existing.Id);
        Assert.Single(viewerWatch.Seen);
    }

    [Fact]
    public async Task The_hub_refuses_callers_without_an_account_token()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => DeploymentWatcher.ConnectAsync(app, accessToken: null));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => DeploymentWatcher.ConnectAsync(app, accessToken: "not-a-token"));

        // An API key is an app, not a console user.
        var created = await app.ClientFor(await app.CreateClient().SignUpAsync()).PostAsJsonAsync("/api/keys", new { name = "app key" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        var asApp = await Assert.ThrowsAsync<HttpRequestException>(() => DeploymentWatcher.ConnectAsync(app, accessToken: key));
        Assert.Equal(HttpStatusCode.Forbidden, asApp.StatusCode);
    }
}

public sealed class DeploymentLimitsApp : ApiOnlyDeploymentsApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("RateLimits:Policies:create-deployment:Limit", "3"),
        new("RateLimits:Policies:create-deployment:Window", "01:00:00"),
    ];
}

public sealed class DeploymentRateLimitTests(DeploymentLimitsApp app) : IClassFixture<DeploymentLimitsApp>
{
    [Fact]
    public async Task Creating_deployments_is_rate_limited_per_team()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        var team = await client.PersonalTeamAsync();
        await app.Database.ExecuteAsync($"UPDATE teams SET plan = 'Enterprise' WHERE id = '{team}'");
        for (var i = 0; i < 3; i++)
        {
            await client.CreateOkAsync($"burst-{i}");
        }

        var limited = await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("burst-3"));

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Another team of the same user has its own allowance.
        var other = await app.CreateTeamAsync(owner, "Side project");
        await client.CreateOkAsync("elsewhere", other);
    }
}
