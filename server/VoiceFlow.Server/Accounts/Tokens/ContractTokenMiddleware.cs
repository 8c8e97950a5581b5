using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using VoiceFlow.Server.Infrastructure.Errors;

namespace VoiceFlow.Server.Accounts.Tokens;

/// <summary>
/// Puts the public JSON contract (<c>POST /api/auth/login</c> and <c>/refresh</c>, camelCase answers, ProblemDetails errors)
/// in front of OpenIddict's standard token endpoint, which speaks form posts and snake_case.
/// </summary>
internal sealed class ContractTokenMiddleware(RequestDelegate next)
{
    private const int MaxBodyBytes = 16 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        var isLogin = path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase)
            || path.Equals(TokenEndpoint.ContributorLoginPath, StringComparison.OrdinalIgnoreCase);
        var isRefresh = path.Equals("/api/auth/refresh", StringComparison.OrdinalIgnoreCase);
        if (!HttpMethods.IsPost(http.Request.Method) || (!isLogin && !isRefresh))
        {
            await next(http);
            return;
        }

        var body = await ReadJsonObjectAsync(http);
        var form = isLogin ? LoginForm(body, out var errors) : RefreshForm(body, out errors);
        if (form is null)
        {
            await Problems.WriteValidationAsync(http, errors);
            return;
        }

        var formBytes = Encoding.UTF8.GetBytes(QueryHelpers.AddQueryString("", form).TrimStart('?'));
        http.Request.Body = new MemoryStream(formBytes);
        http.Request.ContentLength = formBytes.Length;
        http.Request.ContentType = "application/x-www-form-urlencoded";

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        await TranslateAsync(http, captured, isLogin);
    }

    private static async Task<JsonObject?> ReadJsonObjectAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes || http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            using var limited = new MemoryStream();
            await http.Request.Body.CopyToAsync(limited, http.RequestAborted);
            return limited.Length > MaxBodyBytes ? null : JsonNode.Parse(limited.ToArray()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string?>? LoginForm(JsonObject? body, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var email = Text(body, "email");
        var password = Text(body, "password");
        if (body is null)
        {
            errors["body"] = ["A JSON object {email, password} is required."];
        }
        else
        {
            if (string.IsNullOrWhiteSpace(email)) errors["email"] = ["The email is required."];
            if (string.IsNullOrEmpty(password)) errors["password"] = ["The password is required."];
        }

        return errors.Count > 0 ? null : new()
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = password,
            ["scope"] = "offline_access",
        };
    }

    private static Dictionary<string, string?>? RefreshForm(JsonObject? body, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var refreshToken = Text(body, "refreshToken");
        if (string.IsNullOrWhiteSpace(refreshToken))
        {
            errors["refreshToken"] = ["The refresh token is required."];
            return null;
        }

        return new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static async Task TranslateAsync(HttpContext http, MemoryStream captured, bool isLogin)
    {
        JsonObject? answer = null;
        try
        {
            answer = captured.Length > 0 ? JsonNode.Parse(captured.ToArray()) as JsonObject : null;
        }
        catch (JsonException)
        {
        }

        // Answers that are not OpenIddict's (rate limits, server errors) pass through unchanged.
        var isProblem = http.Response.ContentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) ?? false;
        if (answer is null || isProblem || http.Response.HasStarted)
        {
            captured.Position = 0;
            await captured.CopyToAsync(http.Response.Body);
            return;
        }

        if (http.Response.StatusCode == StatusCodes.Status200OK && answer["access_token"] is not null)
        {
            http.Response.ContentLength = null;
            await http.Response.WriteAsJsonAsync(new TokenResponse(
                (string)answer["access_token"]!,
                (string?)answer["refresh_token"],
                "Bearer",
                (long?)answer["expires_in"] ?? 0));
            return;
        }

        var error = (string?)answer["error"];
        var description = (string?)answer["error_description"];
        http.Response.ContentLength = null;
        if (error == "invalid_grant")
        {
            await Problems.WriteAsync(http, StatusCodes.Status401Unauthorized,
                isLogin ? "Invalid credentials" : "Invalid token",
                isLogin ? "The email or password is incorrect." : "The refresh token is invalid, expired, revoked or already used.");
            return;
        }

        await Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "Invalid request", description ?? error);
    }
}

public sealed record TokenResponse(string AccessToken, string? RefreshToken, string TokenType, long ExpiresIn);
