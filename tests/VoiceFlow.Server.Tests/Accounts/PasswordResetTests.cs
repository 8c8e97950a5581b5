using System.Net;
using System.Net.Http.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Accounts;

public sealed class PasswordResetTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private const string NewPassword = "Brand-new-pass-7";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Forgotten_password_for_an_unknown_email_is_accepted_and_sends_nothing()
    {
        var email = Infrastructure.Accounts.NewEmail();

        var response = await _client.PostAsJsonAsync("/api/auth/forgot-password", new { email });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(app.MessagesTo(email));
    }

    [Fact]
    public async Task The_whole_reset_flow_works_through_the_emailed_link()
    {
        var user = await _client.SignUpAsync();

        var forgot = await _client.PostAsJsonAsync("/api/auth/forgot-password", new { email = user.Email });
        var token = app.LinkToken(user.Email, "reset-password");
        var reset = await _client.PostAsJsonAsync("/api/auth/reset-password", new { token, password = NewPassword });

        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await (await _client.LoginAsync(user.Email, user.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _client.LoginAsync(user.Email, NewPassword)).StatusCode);
        // Sessions opened with the old password do not survive the reset.
        await (await app.ClientFor(user).GetAsync("/api/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_reset_link_works_once()
    {
        var user = await _client.SignUpAsync();
        await _client.PostAsJsonAsync("/api/auth/forgot-password", new { email = user.Email });
        var token = app.LinkToken(user.Email, "reset-password");
        await _client.PostAsJsonAsync("/api/auth/reset-password", new { token, password = NewPassword });

        var again = await _client.PostAsJsonAsync("/api/auth/reset-password", new { token, password = "Another-pass-8" });

        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "Invalid token");
        Assert.Equal(HttpStatusCode.OK, (await _client.LoginAsync(user.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task An_expired_reset_link_is_refused()
    {
        var user = await _client.SignUpAsync();
        await _client.PostAsJsonAsync("/api/auth/forgot-password", new { email = user.Email });
        var token = app.LinkToken(user.Email, "reset-password");
        await app.Database.ExecuteAsync(
            $"UPDATE one_time_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = '{user.Id}' AND purpose = 'ResetPassword'");

        var reset = await _client.PostAsJsonAsync("/api/auth/reset-password", new { token, password = NewPassword });

        await reset.AssertProblemAsync(HttpStatusCode.BadRequest, "Invalid token");
        Assert.Equal(HttpStatusCode.OK, (await _client.LoginAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task A_reset_with_a_weak_password_is_a_validation_problem()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/reset-password", new { token = "whatever", password = "weak" });

        await response.AssertValidationProblemAsync("password");
    }

    [Fact]
    public async Task Only_the_hash_of_a_reset_token_is_stored()
    {
        var user = await _client.SignUpAsync();
        await _client.PostAsJsonAsync("/api/auth/forgot-password", new { email = user.Email });
        var token = app.LinkToken(user.Email, "reset-password");

        var stored = await app.Database.ScalarAsync<byte[]>(
            $"SELECT token_hash FROM one_time_tokens WHERE user_id = '{user.Id}' AND purpose = 'ResetPassword'");

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)), stored);
    }
}
