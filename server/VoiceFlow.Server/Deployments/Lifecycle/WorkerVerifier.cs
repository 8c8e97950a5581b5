using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Deployments.Providers;

namespace VoiceFlow.Server.Deployments.Lifecycle;

/// <summary>
/// The proof a deployment works: one real synthesis through its <c>POST /v1/audio/speech</c>, which must stream
/// back at least a fifth of a second of PCM. Only then does a deployment become <c>running</c>.
/// </summary>
public sealed class WorkerVerifier(IHttpClientFactory httpClients, IOptions<DeploymentOptions> options)
{
    public const string HttpClientName = "deployment-worker";
    private const int DefaultSampleRate = 24_000;

    public async Task<VerificationResult> VerifyAsync(string endpoint, string engine, IDeploymentProvider provider, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{endpoint.TrimEnd('/')}/v1/audio/speech")
            {
                Content = JsonContent.Create(new Dictionary<string, object>
                {
                    ["model"] = engine,
                    ["input"] = options.Value.Driver.VerificationText,
                    ["response_format"] = "pcm",
                }),
            };
            provider.AuthorizeEndpointRequest(request);
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return VerificationResult.Failed($"the check synthesis answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var sampleRate = response.Headers.TryGetValues("X-Sample-Rate", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rate) && rate > 0
                    ? rate
                    : DefaultSampleRate;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[16 * 1024];
            long bytes = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                bytes += read;
            }

            var seconds = bytes / 2.0 / sampleRate;
            return seconds >= 0.2
                ? VerificationResult.Passed(seconds, watch.Elapsed)
                : VerificationResult.Failed($"the check synthesis returned only {bytes} bytes of audio");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return VerificationResult.Failed($"the check synthesis failed: {e.Message}");
        }
    }
}

public sealed record VerificationResult(bool Ok, string Description)
{
    public static VerificationResult Passed(double audioSeconds, TimeSpan elapsed) =>
        new(true, string.Create(CultureInfo.InvariantCulture, $"check synthesis returned {audioSeconds:0.0} s of audio in {elapsed.TotalMilliseconds:0} ms"));

    public static VerificationResult Failed(string why) => new(false, why);
}
