using System.Net;
using System.Net.Http.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Security;

/// <summary>The production limits for login and registration, behind a trusted proxy at 10.0.0.1.</summary>
public sealed class StrictLimitsApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("RateLimits:Policies:login-ip:Limit", "5"), new("RateLimits:Policies:login-ip:Window", "00:01:00"),
        new("RateLimits:Policies:login-email:Limit", "5"), new("RateLimits:Policies:login-email:Window", "00:01:00"),
        new("RateLimits:Policies:register:Limit", "3"), new("RateLimits:Policies:register:Window", "01:00:00"),
        new("RateLimits:Policies:create-api-key:Limit", "5"), new("RateLimits:Policies:create-api-key:Window", "01:00:00"),
        new("Http:TrustedProxies:0", "10.0.0.1"),
    ];
}

public sealed class RateLimitTests(StrictLimitsApp app) : IClassFixture<StrictLimitsApp>
{
    private HttpClient From(string address) => SimulatedClientAddress.From(app.CreateClient(), address);

    private static Task<HttpResponseMessage> Register(HttpClient client) =>
        client.RegisterAsync(Infrastructure.Accounts.NewEmail());

    [Fact]
    public async Task Password_guessing_hits_429_while_other_users_log_in_normally()
    {
        var victim = Infrastructure.Accounts.NewEmail();
        await From("198.51.100.10").RegisterAsync(victim);
        var bystander = await From("198.51.100.11").SignUpAsync();
        var attacker = From("203.0.113.66");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await attacker.LoginAsync(victim, $"Guess-{i}-Password"));
        }

        Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var blocked = answers[5];
        await blocked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await From("198.51.100.12").LoginAsync(bystander.Email, bystander.Password)).StatusCode);
    }

    [Fact]
    public async Task Guessing_one_accounts_password_from_many_addresses_is_limited_per_account()
    {
        var victim = await From("198.51.100.20").SignUpAsync();

        for (var i = 0; i < 5; i++)
        {
            await From($"203.0.113.{100 + i}").LoginAsync(victim.Email, $"Guess-{i}-Password");
        }

        var fromAFreshAddress = await From("203.0.113.200").LoginAsync(victim.Email, victim.Password);
        await fromAFreshAddress.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Contributor_registration_cannot_be_used_to_guess_a_console_accounts_password()
    {
        var victim = Infrastructure.Accounts.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await From("198.51.100.25").RegisterAsync(victim)).StatusCode);

        for (var i = 0; i < 5; i++)
        {
            var guess = await From($"203.0.113.{120 + i}").PostAsJsonAsync(
                "/api/contributors/register", Infrastructure.Contributors.Registration(victim, password: $"Guess-{i}-Password"));
            await guess.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        var withTheRightPassword = await From("203.0.113.220").PostAsJsonAsync(
            "/api/contributors/register", Infrastructure.Contributors.Registration(victim));

        await withTheRightPassword.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(withTheRightPassword.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM contributors c JOIN users u ON u.id = c.user_id WHERE u.normalized_email = '{victim}'"));
    }

    [Fact]
    public async Task Registration_is_limited_per_address_and_refused_attempts_store_nothing()
    {
        var client = From("198.51.100.30");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Register(client)).StatusCode);
        }

        var users = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");
        var fourth = await Register(client);

        await fourth.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(users, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
        Assert.Equal(HttpStatusCode.Created, (await Register(From("198.51.100.31"))).StatusCode);
    }

    [Fact]
    public async Task A_client_cannot_choose_its_address_with_forwarded_headers()
    {
        var client = From("198.51.100.40");
        for (var i = 0; i < 3; i++)
        {
            client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"192.0.2.{50 + i}");
            Assert.Equal(HttpStatusCode.Created, (await Register(client)).StatusCode);
        }

        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "192.0.2.99");
        await (await Register(client)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_trusted_proxy_passes_on_each_clients_address()
    {
        for (var i = 0; i < 4; i++)
        {
            var viaProxy = From("10.0.0.1");
            viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{60 + i}");
            Assert.Equal(HttpStatusCode.Created, (await Register(viaProxy)).StatusCode);
        }
    }

    [Fact]
    public async Task Key_creation_is_limited_per_user()
    {
        var user = await From("198.51.100.70").SignUpAsync();
        var client = SimulatedClientAddress.From(app.ClientFor(user), "198.51.100.70");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/keys", new { name = $"k{i}" })).StatusCode);
        }

        await (await client.PostAsJsonAsync("/api/keys", new { name = "one too many" })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(5L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE created_by_user_id = '{user.Id}'"));
    }
}

public sealed class SharedLimitTests(StrictLimitsApp app) : IClassFixture<StrictLimitsApp>
{
    [Fact]
    public async Task Two_server_nodes_on_one_redis_share_a_limit()
    {
        if (TestEnvironment.RedisConnectionString is null)
        {
            Assert.Skip("Needs Redis: run through ./test.sh.");
        }

        await using var second = app.SecondNode();
        var nodeA = SimulatedClientAddress.From(app.CreateClient(), "198.51.100.80");
        var nodeB = SimulatedClientAddress.From(second.CreateClient(), "198.51.100.80");

        Assert.Equal(HttpStatusCode.Created, (await nodeA.RegisterAsync(Infrastructure.Accounts.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nodeB.RegisterAsync(Infrastructure.Accounts.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await nodeA.RegisterAsync(Infrastructure.Accounts.NewEmail())).StatusCode);

        await (await nodeB.RegisterAsync(Infrastructure.Accounts.NewEmail())).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await nodeA.RegisterAsync(Infrastructure.Accounts.NewEmail())).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
