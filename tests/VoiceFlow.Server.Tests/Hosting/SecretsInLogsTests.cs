using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

public sealed class SecretsInLogsTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    [Fact]
    public async Task Passwords_tokens_and_keys_never_reach_the_logs()
    {
        var client = app.CreateClient();
        var user = await client.SignUpAsync();
        await client.LoginAsync(user.Email, "Wrong-password-1");
        var refreshed = await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }))
            .Content.ReadFromJsonAsync<Tokens>();
        var created = await (await app.ClientFor(user).PostAsJsonAsync("/api/keys", new { name = "logged?" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var keyClient = app.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-API-Key", key);
        await keyClient.GetAsync("/api/keys/current");
        // Credentials in a hub URL's query string must not be logged either.
        await app.CreateClient().GetAsync($"/hubs/nothing?access_token={Uri.EscapeDataString(user.AccessToken)}");
        await client.PostAsJsonAsync("/api/auth/forgot-password", new { email = user.Email });
        var resetToken = app.LinkToken(user.Email, "reset-password");

        var secrets = new[]
        {
            user.Password, "Wrong-password-1", user.AccessToken, user.RefreshToken, refreshed!.AccessToken, refreshed.RefreshToken,
            key, key[8..], resetToken,
        };
        Assert.NotEmpty(app.Logs.Lines);
        foreach (var line in app.Logs.Lines)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            }
        }
    }
}
