using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Teams;

public sealed class TeamRoleTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _anonymous = app.CreateClient();

    private async Task<(Guid Team, TestUser Owner, TestUser Member)> TeamWithMemberAsync(string role)
    {
        var owner = await _anonymous.SignUpAsync();
        var member = await _anonymous.SignUpAsync();
        var team = await app.CreateTeamAsync(owner);
        await app.AddMemberAsync(owner, team, member, role);
        return (team, owner, member);
    }

    [Fact]
    public async Task An_invited_person_joins_with_the_role_from_the_invitation()
    {
        var (team, owner, member) = await TeamWithMemberAsync("developer");

        var members = await app.ClientFor(owner).GetFromJsonAsync<JsonElement>($"/api/teams/{team}/members");
        var me = await app.ClientFor(member).GetFromJsonAsync<JsonElement>("/api/auth/me");

        var joined = members.EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == member.Id);
        Assert.Equal("developer", joined.GetProperty("role").GetString());
        Assert.Contains(me.GetProperty("teams").EnumerateArray(), t => t.GetProperty("teamId").GetGuid() == team && t.GetProperty("role").GetString() == "developer");
    }

    [Fact]
    public async Task An_invitation_only_works_once_and_only_for_its_address()
    {
        var owner = await _anonymous.SignUpAsync();
        var invitee = await _anonymous.SignUpAsync();
        var other = await _anonymous.SignUpAsync();
        var team = await app.CreateTeamAsync(owner);
        await app.ClientFor(owner).PostAsJsonAsync($"/api/teams/{team}/members", new { email = invitee.Email, role = "viewer" });
        var token = app.LinkToken(invitee.Email, "accept-invitation");

        var stolen = await app.ClientFor(other).PostAsJsonAsync("/api/teams/invitations/accept", new { token });
        var accepted = await app.ClientFor(invitee).PostAsJsonAsync("/api/teams/invitations/accept", new { token });
        var again = await app.ClientFor(invitee).PostAsJsonAsync("/api/teams/invitations/accept", new { token });

        await stolen.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_viewer_gets_403_on_every_write()
    {
        var (team, _, viewer) = await TeamWithMemberAsync("viewer");
        var client = app.ClientFor(viewer);
        var someone = await _anonymous.SignUpAsync();

        var writes = new[]
        {
            await client.PostAsJsonAsync($"/api/teams/{team}/members", new { email = someone.Email, role = "viewer" }),
            await client.PatchAsJsonAsync($"/api/teams/{team}/members/{someone.Id}", new { role = "admin" }),
            await client.DeleteAsync($"/api/teams/{team}/members/{someone.Id}"),
            await client.PostAsJsonAsync($"/api/keys?teamId={team}", new { name = "viewer key" }),
        };

        foreach (var response in writes)
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/keys?teamId={team}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/teams/{team}/members")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_revoke_the_teams_keys_but_a_developer_can()
    {
        var (team, owner, viewer) = await TeamWithMemberAsync("viewer");
        var developer = await _anonymous.SignUpAsync();
        await app.AddMemberAsync(owner, team, developer, "developer");
        var key = await (await app.ClientFor(owner).PostAsJsonAsync($"/api/keys?teamId={team}", new { name = "shared" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = key.GetProperty("id").GetString();

        await (await app.ClientFor(viewer).DeleteAsync($"/api/keys/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientFor(developer).DeleteAsync($"/api/keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_stranger_gets_404_on_every_team_resource()
    {
        var (team, owner, _) = await TeamWithMemberAsync("developer");
        var stranger = app.ClientFor(await _anonymous.SignUpAsync());
        var key = await (await app.ClientFor(owner).PostAsJsonAsync($"/api/keys?teamId={team}", new { name = "team key" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var attempts = new[]
        {
            await stranger.GetAsync($"/api/teams/{team}/members"),
            await stranger.PostAsJsonAsync($"/api/teams/{team}/members", new { email = "x@example.test", role = "viewer" }),
            await stranger.PatchAsJsonAsync($"/api/teams/{team}/members/{owner.Id}", new { role = "viewer" }),
            await stranger.DeleteAsync($"/api/teams/{team}/members/{owner.Id}"),
            await stranger.GetAsync($"/api/keys?teamId={team}"),
            await stranger.PostAsJsonAsync($"/api/keys?teamId={team}", new { name = "sneaky" }),
            await stranger.DeleteAsync($"/api/keys/{key.GetProperty("id").GetString()}"),
            await stranger.GetAsync($"/api/audit?teamId={team}"),
        };

        foreach (var response in attempts)
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_demoted_nor_removed()
    {
        var (team, owner, _) = await TeamWithMemberAsync("admin");
        var client = app.ClientFor(owner);

        await (await client.PatchAsJsonAsync($"/api/teams/{team}/members/{owner.Id}", new { role = "admin" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await client.DeleteAsync($"/api/teams/{team}/members/{owner.Id}")).AssertProblemAsync(HttpStatusCode.Conflict);
        var members = await client.GetFromJsonAsync<JsonElement>($"/api/teams/{team}/members");
        Assert.Equal("owner", members.EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == owner.Id).GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_admin_manages_members_but_cannot_touch_owners()
    {
        var (team, owner, admin) = await TeamWithMemberAsync("admin");
        var developer = await _anonymous.SignUpAsync();
        await app.AddMemberAsync(admin, team, developer, "developer");
        var client = app.ClientFor(admin);

        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/teams/{team}/members/{developer.Id}", new { role = "viewer" })).StatusCode);
        await (await client.PatchAsJsonAsync($"/api/teams/{team}/members/{owner.Id}", new { role = "viewer" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"/api/teams/{team}/members/{owner.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchAsJsonAsync($"/api/teams/{team}/members/{developer.Id}", new { role = "owner" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/teams/{team}/members/{developer.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_role_is_a_validation_problem()
    {
        var (team, owner, member) = await TeamWithMemberAsync("viewer");

        var response = await app.ClientFor(owner).PatchAsJsonAsync($"/api/teams/{team}/members/{member.Id}", new { role = "superuser" });

        await response.AssertValidationProblemAsync("role");
    }
}
