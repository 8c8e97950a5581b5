using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Contributors;

public sealed class ContributorAccountTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_contributor_registers_with_a_validated_profile_and_logs_in_to_the_portal()
    {
        var email = Infrastructure.Accounts.NewEmail("voice");

        var registered = await _client.PostAsJsonAsync("/api/contributors/register", Infrastructure.Contributors.Registration(email));
        var login = await _client.PostAsJsonAsync("/api/contributors/login", new { email, password = Infrastructure.Accounts.StrongPassword });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var tokens = (await login.Content.ReadFromJsonAsync<Tokens>())!;
        var me = await app.CreateClient().WithBearer(tokens.AccessToken).GetFromJsonAsync<JsonElement>("/api/contributors/me");
        Assert.Equal("GB", me.GetProperty("country").GetString());
        Assert.Equal(["en-GB", "fr"], me.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("headset", me.GetProperty("voiceProfile").GetProperty("microphone").GetString());
    }

    [Fact]
    public async Task The_portal_login_refuses_accounts_that_are_not_contributors_like_a_wrong_password()
    {
        var developer = await _client.SignUpAsync();

        var login = await _client.PostAsJsonAsync("/api/contributors/login", new { email = developer.Email, password = developer.Password });

        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "Invalid credentials");
        await (await app.ClientFor(developer).GetAsync("/api/contributors/me")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_refreshed_contributor_token_still_opens_the_portal()
    {
        var email = Infrastructure.Accounts.NewEmail("voice");
        await _client.PostAsJsonAsync("/api/contributors/register", Infrastructure.Contributors.Registration(email));
        var tokens = (await (await _client.PostAsJsonAsync("/api/contributors/login", new { email, password = Infrastructure.Accounts.StrongPassword }))
            .Content.ReadFromJsonAsync<Tokens>())!;

        var refreshed = (await (await _client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken }))
            .Content.ReadFromJsonAsync<Tokens>())!;

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().WithBearer(refreshed.AccessToken).GetAsync("/api/contributors/me")).StatusCode);
    }

    public static TheoryData<object, string> InvalidProfiles => new()
    {
        { Infrastructure.Contributors.Registration("a@example.test", country: "XX"), "country" },
        { Infrastructure.Contributors.Registration("a@example.test", country: "GBR"), "country" },
        { Infrastructure.Contributors.Registration("a@example.test", languages: []), "languages" },
        { Infrastructure.Contributors.Registration("a@example.test", languages: ["english"]), "languages" },
        { Infrastructure.Contributors.Registration("a@example.test", languages: ["en_US"]), "languages" },
        { Infrastructure.Contributors.Registration("a@example.test", voiceProfile: new { ageRange = "12-15" }), "ageRange" },
        { Infrastructure.Contributors.Registration("a@example.test", voiceProfile: new { microphone = "tin can" }), "microphone" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Invalid_profiles_are_refused_naming_the_field_and_create_no_account(object registration, string field)
    {
        var users = await app.Database.ScalarAsync<long>("SELECT count(*) FROM users");

        var response = await _client.PostAsJsonAsync("/api/contributors/register", registration);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(users, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task A_console_account_becomes_a_contributor_by_registering_with_its_own_password()
    {
        var developer = await _client.SignUpAsync();

        var registered = await _client.PostAsJsonAsync("/api/contributors/register", Infrastructure.Contributors.Registration(developer.Email));
        var portalLogin = await _client.PostAsJsonAsync("/api/contributors/login", new { email = developer.Email, password = developer.Password });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var profile = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(developer.Id, profile.GetProperty("id").GetGuid());
        Assert.Equal("Ada Lovelace", profile.GetProperty("name").GetString());
        var tokens = (await portalLogin.Content.ReadFromJsonAsync<Tokens>())!;
        var me = await app.CreateClient().WithBearer(tokens.AccessToken).GetFromJsonAsync<JsonElement>("/api/contributors/me");
        Assert.Equal(developer.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(developer).GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE normalized_email = '{developer.Email}'"));
    }

    [Fact]
    public async Task Validation_errors_name_each_field_as_the_request_body_spells_it()
    {
        var registration = Infrastructure.Contributors.Registration("a@example.test", country: "XX", voiceProfile: new { ageRange = "12-15" });

        var problem = await (await _client.PostAsJsonAsync("/api/contributors/register", registration)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["country", "voiceProfile.ageRange"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_email_already_registered_is_a_conflict_without_its_password_and_leaves_no_half_profile()
    {
        var developer = await _client.SignUpAsync();

        var response = await _client.PostAsJsonAsync(
            "/api/contributors/register", Infrastructure.Contributors.Registration(developer.Email, password: "Not-the-password-7"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM contributors WHERE user_id = '{developer.Id}'"));
    }

    [Fact]
    public async Task Registering_a_contributor_again_is_a_conflict_and_keeps_the_profile_as_it_was()
    {
        var email = Infrastructure.Accounts.NewEmail("voice");
        await _client.PostAsJsonAsync("/api/contributors/register", Infrastructure.Contributors.Registration(email));

        var again = await _client.PostAsJsonAsync("/api/contributors/register", Infrastructure.Contributors.Registration(email, country: "FR"));

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("GB", await app.Database.ScalarAsync<string>(
            $"SELECT c.country FROM contributors c JOIN users u ON u.id = c.user_id WHERE u.normalized_email = '{email}'"));
    }
}
