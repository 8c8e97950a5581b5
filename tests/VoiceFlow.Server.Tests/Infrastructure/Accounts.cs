using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceFlow.Server.Tests.Infrastructure;

public sealed record TestUser(Guid Id, string Email, string Password, string AccessToken, string RefreshToken);

public sealed record Tokens(string AccessToken, string RefreshToken, string TokenType, long ExpiresIn);

/// <summary>Real sign-up and login through the public API: tests never bypass authentication.</summary>
public static class Accounts
{
    public const string StrongPassword = "Correct-horse-9";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static async Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string password = StrongPassword, string name = "Ada Lovelace") =>
        await client.PostAsJsonAsync("/api/auth/register", new { email, password, name, company = "Analytical Engines" });

    public static async Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        await client.PostAsJsonAsync("/api/auth/login", new { email, password });

    public static async Task<Tokens> LoginOkAsync(this HttpClient client, string email, string password = StrongPassword)
    {
        var response = await client.LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static async Task<TestUser> SignUpAsync(this HttpClient client, string? email = null)
    {
        email ??= NewEmail();
        var registered = await client.RegisterAsync(email);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var tokens = await client.LoginOkAsync(email);
        return new TestUser(id, email, StrongPassword, tokens.AccessToken, tokens.RefreshToken);
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient ClientFor(this VoiceFlowApp app, TestUser user) => app.CreateClient().WithBearer(user.AccessToken);
}
