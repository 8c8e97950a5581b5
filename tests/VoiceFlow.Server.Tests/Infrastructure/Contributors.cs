using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceFlow.Server.Tests.Infrastructure;

public sealed record TestContributor(Guid Id, string AccessToken, HttpClient Portal);

/// <summary>Contributors made through the public API: register, portal login, profile.</summary>
public static class Contributors
{
    public static object Registration(
        string email, string country = "GB", string[]? languages = null, object? voiceProfile = null, string password = Accounts.StrongPassword) => new
    {
        email,
        password,
        name = "Mary Read",
        country,
        languages = languages ?? ["en-gb", "fr"],
        voiceProfile = voiceProfile ?? new { ageRange = "25-34", gender = "female", accent = "Yorkshire", microphone = "headset" },
    };

    public static async Task<TestContributor> SignUpContributorAsync(this VoiceFlowApp app, string[] languages, HttpClient? client = null)
    {
        client ??= app.CreateClient();
        var email = Accounts.NewEmail("voice");
        var registered = await client.PostAsJsonAsync("/api/contributors/register", Registration(email, languages: languages));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var tokens = (await (await client.PostAsJsonAsync("/api/contributors/login", new { email, password = Accounts.StrongPassword }))
            .Content.ReadFromJsonAsync<Tokens>())!;
        var portal = app.CreateClient().WithBearer(tokens.AccessToken);
        var me = await portal.GetFromJsonAsync<JsonElement>("/api/contributors/me");
        return new TestContributor(me.GetProperty("id").GetGuid(), tokens.AccessToken, portal);
    }

    /// <summary>The first prompt the portal offers the contributor.</summary>
    public static async Task<Guid> FirstPromptAsync(this TestContributor contributor) =>
        (await contributor.Portal.GetFromJsonAsync<JsonElement>("/api/contributors/prompts?count=1"))[0].GetProperty("id").GetGuid();

    /// <summary>Files in the app's audio store, including unfinished ones: a failed take must leave none behind.</summary>
    public static int StoredAudioFiles(this VoiceFlowApp app)
    {
        var audio = Path.Combine(app.DataDirectory, "audio");
        return Directory.Exists(audio) ? Directory.GetFiles(audio, "*", SearchOption.AllDirectories).Length : 0;
    }
}
