using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Security;

public sealed class CorsApp : VoiceFlowApp
{
    public const string AllowedOrigin = "https://console.voiceflow.example";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Http:AllowedOrigins:0", AllowedOrigin)];
}

public sealed class HttpHardeningTests(CorsApp app) : IClassFixture<CorsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/api/keys")
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "authorization,content-type,x-api-key" },
        },
    };

    [Fact]
    public async Task An_allowed_origin_passes_preflight_with_credentials_cached_for_a_day()
    {
        var response = await _client.SendAsync(Preflight(CorsApp.AllowedOrigin));

        Assert.Equal(CorsApp.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("86400", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Contains("x-api-key", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_is_not_allowed()
    {
        var response = await _client.SendAsync(Preflight("https://evil.example"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        foreach (var path in new[] { "/health", "/api/auth/me", "/api/missing" })
        {
            var response = await _client.GetAsync(path);

            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Robert'); DROP TABLE users;--")]
    [InlineData("' OR '1'='1")]
    public async Task Sql_injection_text_is_stored_and_returned_as_plain_text(string name)
    {
        var user = await _client.SignUpAsync();

        var created = await app.ClientFor(user).PostAsJsonAsync("/api/keys", new { name });
        var listed = await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/keys");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(name, listed.EnumerateArray().Single().GetProperty("name").GetString());
        Assert.True(await app.Database.ScalarAsync<long>("SELECT count(*) FROM users") > 0);
    }

    [Fact]
    public async Task Script_tags_are_stripped_and_answers_are_json_not_html()
    {
        var user = await _client.SignUpAsync();

        await app.ClientFor(user).PostAsJsonAsync("/api/keys", new { name = "<img src=x onerror=alert(1)>prod", description = "<script>steal()</script>ok" });
        var response = await app.ClientFor(user).GetAsync("/api/keys");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();
        Assert.Equal("prod", key.GetProperty("name").GetString());
        Assert.Equal("steal()ok", key.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_any_work()
    {
        var users = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");
        var body = JsonSerializer.Serialize(new
        {
            email = Infrastructure.Accounts.NewEmail(), password = Infrastructure.Accounts.StrongPassword, name = "Big", company = new string('x', 2 * 1024 * 1024),
        });

        var response = await _client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(users, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"email\": 42, \"password\": true, \"name\": []}")]
    public async Task Malformed_bodies_are_refused_without_side_effects(string body)
    {
        var users = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");

        var response = await _client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(users, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task Path_traversal_in_ids_never_reaches_a_handler()
    {
        var user = await _client.SignUpAsync();

        var response = await app.ClientFor(user).DeleteAsync("/api/keys/..%2F..%2Fetc%2Fpasswd");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
