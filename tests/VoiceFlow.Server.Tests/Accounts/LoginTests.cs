using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Accounts;

public sealed class LoginTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Login_answers_the_contract_token_shape()
    {
        var email = Infrastructure.Accounts.NewEmail();
        await _client.RegisterAsync(email);

        var response = await _client.LoginAsync(email, Infrastructure.Accounts.StrongPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(24 * 3600, body.GetProperty("expiresIn").GetInt64(), tolerance: 5);
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Login_is_case_insensitive_on_the_email()
    {
        var email = Infrastructure.Accounts.NewEmail();
        await _client.RegisterAsync(email);

        var response = await _client.LoginAsync(email.ToUpperInvariant(), Infrastructure.Accounts.StrongPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var email = Infrastructure.Accounts.NewEmail();
        await _client.RegisterAsync(email);

        var wrongPassword = await _client.LoginAsync(email, "Wrong-password-1");
        var unknownEmail = await _client.LoginAsync(Infrastructure.Accounts.NewEmail(), "Wrong-password-1");

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid credentials");
        var second = await unknownEmail.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid credentials");
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_fields_are_a_validation_problem()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/login", new { email = "" });

        await response.AssertValidationProblemAsync("email", "password");
    }

    [Fact]
    public async Task A_malformed_body_is_a_validation_problem()
    {
        var response = await _client.PostAsync("/api/auth/login", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_standard_oauth2_token_endpoint_issues_tokens_to_form_posts()
    {
        var email = Infrastructure.Accounts.NewEmail();
        await _client.RegisterAsync(email);

        var response = await _client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = Infrastructure.Accounts.StrongPassword,
            ["scope"] = "offline_access",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = body.GetProperty("access_token").GetString()!;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
        var me = await app.CreateClient().WithBearer(accessToken).GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }
}
