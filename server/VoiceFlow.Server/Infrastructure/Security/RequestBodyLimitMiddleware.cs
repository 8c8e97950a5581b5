using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Errors;

namespace VoiceFlow.Server.Infrastructure.Security;

/// <summary>
/// Caps every request body (the route's own limit, else Http:MaxRequestBodyBytes). Declared lengths over the cap
/// are refused before any work; chunked bodies are cut off by the server when they pass it.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpSecurityOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? options.Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await Problems.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "Payload too large",
                $"The request body is larger than {limit} bytes.");
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(http);
    }
}
