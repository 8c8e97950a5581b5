using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceFlow.Server.Tests.Infrastructure;

public static class Teams
{
    public static async Task<Guid> CreateTeamAsync(this VoiceFlowApp app, TestUser owner, string name = "Studio")
    {
        var response = await app.ClientFor(owner).PostAsJsonAsync("/api/teams", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Invites through the API and accepts through the emailed link, as people do.</summary>
    public static async Task AddMemberAsync(this VoiceFlowApp app, TestUser admin, Guid teamId, TestUser member, string role)
    {
        var invite = await app.ClientFor(admin).PostAsJsonAsync($"/api/teams/{teamId}/members", new { email = member.Email, role });
        Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        var token = app.LinkToken(member.Email, "accept-invitation");
        var accept = await app.ClientFor(member).PostAsJsonAsync("/api/teams/invitations/accept", new { token });
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
    }
}
