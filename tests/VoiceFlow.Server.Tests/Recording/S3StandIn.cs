using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>
/// A small S3-compatible server on a loopback port (path-style PUT, GET and DELETE of objects, S3's XML errors), so the
/// real AWS SDK client is exercised without a cloud account. It keeps every object in memory and records each request.
/// </summary>
public sealed class S3StandIn : IAsyncDisposable
{
    public const string AccessKey = "test-access-key";
    public const string SecretKey = "test-secret-key";

    private WebApplication? _app;

    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public string Url { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapMethods("/{bucket}/{**key}", ["PUT", "GET", "HEAD", "DELETE"], Handle);
        await _app.StartAsync();
        Url = _app.Urls.First();
    }

    private async Task<IResult> Handle(HttpContext http, string bucket, string key)
    {
        var request = http.Request;
        var signed = request.Headers.Authorization.ToString().StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/", StringComparison.Ordinal);
        Requests.Enqueue($"{request.Method} /{bucket}/{key}{(signed ? "" : " (unsigned)")}");
        if (!signed)
        {
            return Error(StatusCodes.Status403Forbidden, "AccessDenied", "Missing or foreign credentials.");
        }

        var name = $"{bucket}/{key}";
        switch (request.Method)
        {
            case "PUT":
                using (var body = new MemoryStream())
                {
                    await request.Body.CopyToAsync(body);
                    Objects[name] = body.ToArray();
                    http.Response.Headers.ETag = ETag(Objects[name]);
                    return Results.Ok();
                }

            case "DELETE":
                Objects.TryRemove(name, out _);
                return Results.NoContent();
            default:
                if (!Objects.TryGetValue(name, out var stored))
                {
                    return Error(StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.");
                }

                http.Response.Headers.ETag = ETag(stored);
                http.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
                return Results.Bytes(stored, "audio/wav");
        }
    }

    // S3's ETag of a single-part object is the MD5 of its content, and the SDK checks downloads against it.
#pragma warning disable CA5351
    private static string ETag(byte[] content) => $"\"{Convert.ToHexStringLower(MD5.HashData(content))}\"";
#pragma warning restore CA5351

    private static IResult Error(int status, string code, string message) =>
        Results.Content($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>",
            "application/xml", statusCode: status);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
