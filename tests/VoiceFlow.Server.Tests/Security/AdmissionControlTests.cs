using System.Net;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Security;

/// <summary>One API request at a time and none waiting, so concurrent logins (a bcrypt each) overflow at once.</summary>
public sealed class OneAtATimeApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("RateLimits:Concurrency:PermitLimit", "1"),
        new("RateLimits:Concurrency:QueueLimit", "0"),
    ];
}

public sealed class AdmissionControlTests(OneAtATimeApp app) : IClassFixture<OneAtATimeApp>
{
    [Fact]
    public async Task Requests_past_the_concurrency_limit_get_503_with_retry_after_and_the_rest_succeed()
    {
        var user = await app.CreateClient().SignUpAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.CreateClient().LoginAsync(user.Email, user.Password)));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
        var shed = answers.First(a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
        await shed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{a.StatusCode}"));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);
    }
}
