using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Teams;

public sealed class AuditLogTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _anonymous = app.CreateClient();

    private async Task<List<JsonElement>> AuditAsync(TestUser user, Guid? team = null)
    {
        var query = team is null ? "?pageSize=200" : $"?teamId={team}&pageSize=200";
        var page = await app.ClientFor(user).GetFromJsonAsync<JsonElement>($"/api/audit{query}");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Each_write_is_recorded_exactly_once_with_who_what_and_where()
    {
        var owner = await _anonymous.SignUpAsync();
        var client = app.ClientFor(owner);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        var key = await (await client.PostAsJsonAsync("/api/keys", new { name = "audited" })).Content.ReadFromJsonAsync<JsonElement>();
        await client.DeleteAsync($"/api/keys/{key.GetProperty("id").GetString()}");
        await client.DeleteAsync($"/api/keys/{key.GetProperty("id").GetString()}");

        var entries = await AuditAsync(owner);

        var keyId = key.GetProperty("id").GetString();
        Assert.Single(entries, e => e.GetProperty("action").GetString() == "api_key.create" && e.GetProperty("resourceId").GetString() == keyId);
        var revoke = Assert.Single(entries, e => e.GetProperty("action").GetString() == "api_key.revoke");
        Assert.Equal(owner.Id, revoke.GetProperty("userId").GetGuid());
        Assert.Equal(owner.Email, revoke.GetProperty("userEmail").GetString());
        Assert.Equal("audit-test/1.0", revoke.GetProperty("userAgent").GetString());
        Assert.False(string.IsNullOrEmpty(revoke.GetProperty("ip").GetString()));
        Assert.Single(entries, e => e.GetProperty("action").GetString() == "auth.register");
    }

    [Fact]
    public async Task The_log_is_newest_first_and_paged()
    {
        var owner = await _anonymous.SignUpAsync();
        var client = app.ClientFor(owner);
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/keys", new { name = $"k{i}" });
        }

        var first = await client.GetFromJsonAsync<JsonElement>("/api/audit?pageSize=2");
        var second = await client.GetFromJsonAsync<JsonElement>("/api/audit?pageSize=2&page=2");

        var times = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(4, times.Count);
        Assert.True(second.GetProperty("hasMore").GetBoolean(), "Sign-up and login come before the three keys.");
    }

    [Fact]
    public async Task The_owner_sees_their_own_logins_and_logouts_in_their_personal_log()
    {
        var owner = await _anonymous.SignUpAsync();
        var second = await _anonymous.LoginOkAsync(owner.Email);
        await app.CreateClient().WithBearer(second.AccessToken).PostAsync("/api/auth/logout", null);

        var entries = await AuditAsync(owner);

        Assert.Equal(2, entries.Count(e => e.GetProperty("action").GetString() == "auth.login"));
        var logout = Assert.Single(entries, e => e.GetProperty("action").GetString() == "auth.logout");
        Assert.Equal(owner.Id, logout.GetProperty("userId").GetGuid());
        Assert.False(string.IsNullOrEmpty(logout.GetProperty("ip").GetString()));
    }

    [Fact]
    public async Task Account_events_are_shown_to_nobody_but_their_owner()
    {
        var owner = await _anonymous.SignUpAsync();
        var admin = await _anonymous.SignUpAsync();
        var personal = (await app.ClientFor(owner).GetFromJsonAsync<JsonElement>("/api/teams"))
            .EnumerateArray().Single(t => t.GetProperty("personal").GetBoolean()).GetProperty("id").GetGuid();
        await app.AddMemberAsync(owner, personal, admin, "admin");
        var shared = await app.CreateTeamAsync(owner);

        var seenByAdmin = await AuditAsync(admin, personal);
        var sharedLog = await AuditAsync(owner, shared);

        Assert.Contains(seenByAdmin, e => e.GetProperty("action").GetString() == "team.invite");
        Assert.DoesNotContain(seenByAdmin, e => e.GetProperty("action").GetString() == "auth.login");
        Assert.DoesNotContain(sharedLog, e => e.GetProperty("action").GetString() == "auth.login");
        Assert.DoesNotContain(await AuditAsync(owner), e =>
            e.GetProperty("action").GetString() == "auth.login" && e.GetProperty("userId").GetGuid() == admin.Id);
    }

    [Fact]
    public async Task Team_membership_changes_are_audited_in_the_team()
    {
        var owner = await _anonymous.SignUpAsync();
        var member = await _anonymous.SignUpAsync();
        var team = await app.CreateTeamAsync(owner);
        await app.AddMemberAsync(owner, team, member, "viewer");
        await app.ClientFor(owner).PatchAsJsonAsync($"/api/teams/{team}/members/{member.Id}", new { role = "developer" });

        var actions = (await AuditAsync(owner, team)).Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.Equal(["team.member_role", "team.join", "team.invite", "team.create"], actions);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("developer")]
    public async Task Only_owners_and_admins_read_the_audit_log(string role)
    {
        var owner = await _anonymous.SignUpAsync();
        var member = await _anonymous.SignUpAsync();
        var team = await app.CreateTeamAsync(owner);
        await app.AddMemberAsync(owner, team, member, role);

        var response = await app.ClientFor(member).GetAsync($"/api/audit?teamId={team}");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
