using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Server.Infrastructure.Realtime;

namespace VoiceFlow.Server.Tts;

/// <summary>
/// Synthesis on a deployment's worker through the OpenAI-style speech API: <c>POST {endpoint}/v1/audio/speech</c>
/// <c>{model, input, voice, response_format: "pcm"}</c>, answered with raw 16-bit little-endian mono PCM streamed as it is
/// produced. The rate is 24000 Hz unless the worker declares another, as <c>Content-Type: audio/pcm; rate=16000</c>
/// (or <c>audio/L16; rate=…</c>) or an <c>X-Sample-Rate</c> header. Workers report no word timings, so chunks carry no words.
/// </summary>
internal sealed class DeploymentSpeechTarget(
    HttpClient http, TtsDeploymentEndpoint endpoint, string voice, TimeSpan responseTimeout) : ISpeechTarget
{
    public const string HttpClientName = "tts-deployments";
    public const int DefaultSampleRate = 24_000;

    public string Engine => "deployment";

    public async IAsyncEnumerable<SynthesisChunk> SynthesizeAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(text, cancellationToken);
        int rate = DeclaredRate(response) ?? DefaultSampleRate;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Max(2048, rate / 10 * Pcm16.BytesPerSample)];
        int held = 0;
        long position = 0;
        while (true)
        {
            int read = await body.ReadAsync(buffer.AsMemory(held), cancellationToken);
            if (read == 0)
            {
                yield break;
            }

            int available = held + read;
            int usable = available & ~1;
            if (usable == 0)
            {
                held = available;
                continue;
            }

            var samples = Pcm16.ToSamples(buffer.AsSpan(0, usable));
            held = available - usable;
            if (held > 0)
            {
                buffer[0] = buffer[usable];
            }

            yield return new SynthesisChunk(samples, rate, position, []);
            position += samples.Length;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string text, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.Endpoint.AbsoluteUri.TrimEnd('/') + "/v1/audio/speech");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new SpeechRequest(endpoint.Model ?? "default", text, voice, "pcm")),
        };
        endpoint.Authorize?.Invoke(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(responseTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw HubErrors.Error(HubErrors.Unavailable, "The deployment's worker did not answer.");
        }

        if (!response.IsSuccessStatusCode)
        {
            int status = (int)response.StatusCode;
            response.Dispose();
            throw HubErrors.Error(HubErrors.Unavailable, $"The deployment's worker answered {status}.");
        }

        return response;
    }

    internal static int? DeclaredRate(HttpResponseMessage response)
    {
        string? value = response.Headers.TryGetValues("X-Sample-Rate", out var values) ? values.FirstOrDefault() : null;
        value ??= response.Content.Headers.ContentType?.Parameters
            .FirstOrDefault(p => p.Name.Equals("rate", StringComparison.OrdinalIgnoreCase))?.Value;
        return int.TryParse(value?.Trim('"'), out int rate) && rate is >= 8_000 and <= 48_000 ? rate : null;
    }

    private sealed record SpeechRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] string Input,
        [property: JsonPropertyName("voice")] string Voice,
        [property: JsonPropertyName("response_format")] string ResponseFormat);
}
