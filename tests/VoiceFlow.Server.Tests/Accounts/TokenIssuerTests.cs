using System.Net;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Accounts;

/// <summary>Nodes reached under different host names (e.g. node-a and node-b behind no common proxy).</summary>
public sealed class FixedIssuerApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Auth:Issuer", "https://voiceflow.example/")];
}

public sealed class TokenIssuerTests(FixedIssuerApp app) : IClassFixture<FixedIssuerApp>
{
    private HttpClient ClientOn(string host)
    {
        var client = app.CreateClient();
        client.BaseAddress = new Uri($"http://{host}/");
        return client;
    }

    [Fact]
    public async Task With_a_configured_issuer_a_token_from_one_host_name_works_on_another()
    {
        var user = await ClientOn("node-a.internal").SignUpAsync();

        var me = await ClientOn("node-b.internal").WithBearer(user.AccessToken).GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }
}
