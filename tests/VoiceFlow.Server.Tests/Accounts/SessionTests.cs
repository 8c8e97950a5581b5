using System.Net;
using System.Net.Http.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Accounts;

public sealed class SessionTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        _client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private Task<HttpResponseMessage> MeAsync(string accessToken) =>
        app.CreateClient().WithBearer(accessToken).GetAsync("/api/auth/me");

    [Fact]
    public async Task Refreshing_rotates_the_refresh_token()
    {
        var user = await _client.SignUpAsync();

        var response = await RefreshAsync(user.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = (await response.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.NotEqual(user.RefreshToken, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_used_twice_is_refused_and_ends_the_session()
    {
        var user = await _client.SignUpAsync();
        var rotated = (await (await RefreshAsync(user.RefreshToken)).Content.ReadFromJsonAsync<Tokens>())!;

        var reuse = await RefreshAsync(user.RefreshToken);

        await reuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
        // Reuse means the token leaked: the whole session, including the rotated token, is revoked.
        await (await RefreshAsync(rotated.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task A_garbage_refresh_token_is_refused()
    {
        var response = await RefreshAsync("not-a-refresh-token");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task Logout_ends_only_the_current_session()
    {
        var user = await _client.SignUpAsync();
        var otherSession = await _client.LoginOkAsync(user.Email);

        var logout = await app.ClientFor(user).PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await MeAsync(user.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
        await (await RefreshAsync(user.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(otherSession.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(otherSession.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Logout_all_ends_every_session_of_the_user()
    {
        var user = await _client.SignUpAsync();
        var otherSession = await _client.LoginOkAsync(user.Email);

        var logout = await app.ClientFor(user).PostAsync("/api/auth/logout-all", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await MeAsync(otherSession.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(otherSession.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(user.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _client.LoginAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task A_tampered_access_token_is_an_invalid_token()
    {
        var user = await _client.SignUpAsync();
        var token = user.AccessToken;
        var tampered = token[..^6] + (token[^6] == 'A' ? 'B' : 'A') + token[^5..];

        var response = await MeAsync(tampered);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task A_request_without_credentials_is_an_invalid_token()
    {
        var response = await _client.GetAsync("/api/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
