using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.TtsWorker;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>The TtsWorker on a real loopback port, in process.</summary>
public sealed class TtsWorkerTests : IAsyncLifetime
{
    private WebApplication? _worker;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync() => (_worker, _http) = await StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _worker!.DisposeAsync();
    }

    [Fact]
    public async Task The_worker_streams_openai_style_speech_as_24_khz_pcm_or_wav()
    {
        await WaitUntilReadyAsync(_http);

        using var pcm = await _http.PostAsJsonAsync("/v1/audio/speech",
            new { model = "tts-1", input = "One. Two. Three.", voice = "en-us", response_format = "pcm", speed = 1.2 });
        Assert.Equal(HttpStatusCode.OK, pcm.StatusCode);
        Assert.Equal("audio/pcm", pcm.Content.Headers.ContentType?.MediaType);
        Assert.Equal("24000", pcm.Headers.GetValues("X-Sample-Rate").Single());
        Assert.True(pcm.Headers.TransferEncodingChunked, "Speech is streamed (chunked) while it is synthesized.");
        var bytes = await pcm.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 24_000 && bytes.Length % 2 == 0, $"{bytes.Length} bytes of PCM");

        using var wav = await _http.PostAsJsonAsync("/v1/audio/speech", new { input = "Wave.", voice = "nova", response_format = "wav" });
        var file = await wav.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF"u8.ToArray(), file[..4]);
        Assert.Equal(24_000, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(24)));
        Assert.True(file.Length > 44 + 4_800);

        var voices = await _http.GetFromJsonAsync<JsonElement>("/v1/voices");
        Assert.Contains(voices.GetProperty("voices").EnumerateArray(), v => v.GetProperty("language").GetString() == "en-us");
    }

    [Fact]
    public async Task The_worker_refuses_bad_requests_in_openais_error_shape()
    {
        await WaitUntilReadyAsync(_http);

        foreach (var (body, param) in new (object Body, string Param)[]
                 {
                     (new { input = "" }, "input"),
                     (new { input = "Hi", voice = "xx-nowhere" }, "voice"),
                     (new { input = "Hi", response_format = "mp3" }, "response_format"),
                     (new { input = "Hi", speed = 9.0 }, "speed"),
                     (new { input = new string('a', 4097) }, "input"),
                 })
        {
            using var response = await _http.PostAsJsonAsync("/v1/audio/speech", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task A_worker_whose_warm_up_synthesis_fails_never_reports_ready()
    {
        var (worker, http) = await StartAsync("--Worker:WarmUpText", " ");
        await using (worker)
        using (http)
        {
            JsonElement health = default;
            for (var i = 0; i < 100; i++)
            {
                using var response = await http.GetAsync("/health");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                health = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (health.GetProperty("status").GetString() == "failed")
                {
                    break;
                }

                await Task.Delay(50);
            }

            Assert.Equal("failed", health.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(health.GetProperty("error").GetString()));
            using var speech = await http.PostAsJsonAsync("/v1/audio/speech", new { input = "Hello." });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, speech.StatusCode);
        }
    }

    private static async Task<(WebApplication Worker, HttpClient Http)> StartAsync(params string[] settings)
    {
        var worker = WorkerProgram.Build(["--urls", "http://127.0.0.1:0", .. settings]);
        await worker.StartAsync();
        var address = worker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (worker, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static async Task WaitUntilReadyAsync(HttpClient http)
    {
        for (var i = 0; i < 200; i++)
        {
            using var response = await http.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The worker never became ready.");
    }
}
