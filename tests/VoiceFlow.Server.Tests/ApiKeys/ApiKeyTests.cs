using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.ApiKeys;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.ApiKeys;

public sealed class ApiKeyTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _anonymous = app.CreateClient();

    private static async Task<JsonElement> CreateKeyAsync(HttpClient client, string name = "Production")
    {
        var response = await client.PostAsJsonAsync("/api/keys", new { name, description = "Used by the mobile app" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private HttpClient KeyClient(string key, bool asHeader = true)
    {
        var client = app.CreateClient();
        if (asHeader)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }
        else
        {
            client.WithBearer(key);
        }

        return client;
    }

    [Fact]
    public async Task A_new_key_is_shown_once_in_the_documented_format()
    {
        var user = await _anonymous.SignUpAsync();

        var created = await CreateKeyAsync(app.ClientFor(user));

        var key = created.GetProperty("key").GetString()!;
        Assert.Matches("^vf_live_[A-Za-z0-9_-]{43}$", key);
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, key, StringComparison.Ordinal);
        Assert.Equal("Production", created.GetProperty("name").GetString());
        var stored = await app.Database.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE prefix = '{created.GetProperty("prefix").GetString()}'");
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task Listing_keys_never_reveals_a_raw_key_or_its_hash()
    {
        var user = await _anonymous.SignUpAsync();
        var client = app.ClientFor(user);
        var created = await CreateKeyAsync(client);

        var listed = await client.GetStringAsync("/api/keys");

        Assert.DoesNotContain(created.GetProperty("key").GetString()!, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listed, StringComparison.OrdinalIgnoreCase);
        var entry = Assert.Single(JsonDocument.Parse(listed).RootElement.EnumerateArray());
        Assert.Equal(created.GetProperty("id").GetString(), entry.GetProperty("id").GetString());
        Assert.Equal("Used by the mobile app", entry.GetProperty("description").GetString());
        Assert.Equal(0, entry.GetProperty("requestCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_authenticates_as_a_header_or_a_bearer_token(bool asHeader)
    {
        var user = await _anonymous.SignUpAsync();
        var created = await CreateKeyAsync(app.ClientFor(user));

        var current = await KeyClient(created.GetProperty("key").GetString()!, asHeader).GetFromJsonAsync<JsonElement>("/api/keys/current");

        Assert.Equal(created.GetProperty("id").GetString(), current.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Uses_are_counted_without_waiting_and_reach_the_database_in_batches()
    {
        var user = await _anonymous.SignUpAsync();
        var client = app.ClientFor(user);
        var created = await CreateKeyAsync(client);
        var keyClient = KeyClient(created.GetProperty("key").GetString()!);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/keys/current")).StatusCode);
        }

        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single();
        Assert.Equal(3, listed.GetProperty("requestCount").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);

        await app.Services.GetRequiredService<ApiKeyUsageFlusher>().FlushAsync(CancellationToken.None);
        Assert.Equal(3L, await app.Database.ScalarAsync<long>($"SELECT request_count FROM api_keys WHERE id = '{created.GetProperty("id").GetString()}'"));
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var user = await _anonymous.SignUpAsync();
        var client = app.ClientFor(user);
        var created = await CreateKeyAsync(client);
        var keyClient = KeyClient(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/keys/current")).StatusCode);

        var revoke = await client.DeleteAsync($"/api/keys/{created.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await (await keyClient.GetAsync("/api/keys/current")).AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/keys")).EnumerateArray().Single();
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Another_users_key_cannot_be_seen_or_revoked()
    {
        var owner = await _anonymous.SignUpAsync();
        var stranger = await _anonymous.SignUpAsync();
        var created = await CreateKeyAsync(app.ClientFor(owner));

        var revoke = await app.ClientFor(stranger).DeleteAsync($"/api/keys/{created.GetProperty("id").GetString()}");
        var strangersList = await app.ClientFor(stranger).GetFromJsonAsync<JsonElement>("/api/keys");

        await revoke.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(strangersList.EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(created.GetProperty("key").GetString()!).GetAsync("/api/keys/current")).StatusCode);
    }

    [Theory]
    [InlineData("vf_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("vf_live_short")]
    [InlineData("sk_live_not-ours")]
    public async Task Unknown_or_malformed_keys_are_refused(string key)
    {
        var response = await KeyClient(key).GetAsync("/api/keys/current");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task An_api_key_cannot_manage_keys()
    {
        var user = await _anonymous.SignUpAsync();
        var created = await CreateKeyAsync(app.ClientFor(user));

        var response = await KeyClient(created.GetProperty("key").GetString()!).PostAsJsonAsync("/api/keys", new { name = "escalation" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Key_routes_require_a_caller()
    {
        await (await _anonymous.GetAsync("/api/keys")).AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid token");
        await (await _anonymous.PostAsJsonAsync("/api/keys", new { name = "x" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_a_name_is_a_validation_problem()
    {
        var user = await _anonymous.SignUpAsync();

        var response = await app.ClientFor(user).PostAsJsonAsync("/api/keys", new { name = "  ", description = new string('x', 600) });

        await response.AssertValidationProblemAsync("name", "description");
    }
}
