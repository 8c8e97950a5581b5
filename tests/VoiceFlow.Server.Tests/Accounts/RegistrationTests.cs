using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Accounts;

public sealed class RegistrationTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Registering_returns_the_new_unverified_account()
    {
        var email = Infrastructure.Accounts.NewEmail();

        var response = await _client.RegisterAsync(email);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", body.GetProperty("name").GetString());
        Assert.False(body.GetProperty("emailVerified").GetBoolean());
        Assert.False(body.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_in_any_case_is_refused()
    {
        var email = Infrastructure.Accounts.NewEmail();
        await _client.RegisterAsync(email);

        var again = await _client.RegisterAsync(email.ToUpperInvariant());

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE normalized_email = '{email.ToLowerInvariant()}'"));
    }

    [Theory]
    [InlineData("not-an-email", Infrastructure.Accounts.StrongPassword, "Ada", "email")]
    [InlineData("ok@example.test", "short1A", "Ada", "password")]
    [InlineData("ok@example.test", "alllowercase1", "Ada", "password")]
    [InlineData("ok@example.test", "NoDigitsHere", "Ada", "password")]
    [InlineData("ok@example.test", Infrastructure.Accounts.StrongPassword, "   ", "name")]
    public async Task Invalid_fields_are_named_in_a_validation_problem_and_nothing_is_stored(string email, string password, string name, string field)
    {
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");

        var response = await _client.PostAsJsonAsync("/api/auth/register", new { email, password, name });

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task The_emailed_link_verifies_the_address_once()
    {
        var user = await _client.SignUpAsync();
        var token = app.LinkToken(user.Email, "verify-email");

        var verified = await _client.PostAsJsonAsync("/api/auth/verify-email", new { token });
        var reused = await _client.PostAsJsonAsync("/api/auth/verify-email", new { token });

        Assert.Equal(HttpStatusCode.NoContent, verified.StatusCode);
        await reused.AssertProblemAsync(HttpStatusCode.BadRequest, "Invalid token");
        var me = await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
    }

    [Fact]
    public async Task Me_describes_the_caller_with_its_personal_team_and_plan()
    {
        var user = await _client.SignUpAsync();

        var me = await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(user.Email, me.GetProperty("email").GetString());
        Assert.Equal("Analytical Engines", me.GetProperty("company").GetString());
        Assert.Equal("free", me.GetProperty("plan").GetString());
        var team = Assert.Single(me.GetProperty("teams").EnumerateArray());
        Assert.Equal("owner", team.GetProperty("role").GetString());
        Assert.True(Guid.TryParse(team.GetProperty("teamId").GetString(), out _));
    }

    [Fact]
    public async Task Markup_in_names_is_stripped_before_it_is_stored()
    {
        var email = Infrastructure.Accounts.NewEmail();

        var response = await _client.PostAsJsonAsync("/api/auth/register",
            new { email, password = Infrastructure.Accounts.StrongPassword, name = "<script>alert(1)</script>Grace" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("alert(1)Grace", body.GetProperty("name").GetString());
    }
}
