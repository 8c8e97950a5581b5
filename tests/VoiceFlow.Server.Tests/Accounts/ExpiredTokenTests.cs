using System.Net;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Accounts;

public sealed class ShortLivedTokensApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Auth:AccessTokenLifetime", "00:00:01")];
}

public sealed class ExpiredTokenTests(ShortLivedTokensApp app) : IClassFixture<ShortLivedTokensApp>
{
    [Fact]
    public async Task An_expired_access_token_says_token_expired_and_a_refresh_brings_access_back()
    {
        var client = app.CreateClient();
        var user = await client.SignUpAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var expired = await app.ClientFor(user).GetAsync("/api/auth/me");

        await expired.AssertProblemAsync(HttpStatusCode.Unauthorized, "Token expired");
        var refreshed = await client.PostAsync("/api/auth/refresh",
            System.Net.Http.Json.JsonContent.Create(new { refreshToken = user.RefreshToken }));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }
}
