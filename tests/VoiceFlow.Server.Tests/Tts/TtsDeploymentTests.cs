using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Codecs;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>
/// A stand-in for a deployment's TTS worker: Kestrel on a loopback port serving the OpenAI-style speech endpoint with
/// half a second of a 440 Hz tone as raw PCM, written in odd-sized pieces. The voice picks the behaviour:
/// "declares-16k" answers at 16 kHz and says so in Content-Type, "broken" answers 503, anything else 24 kHz undeclared.
/// </summary>
public sealed class FakeSpeechWorker : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static short[] Tone(int rate) =>
        Enumerable.Range(0, rate / 2).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate))).ToArray();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/audio/speech", async (HttpContext http) =>
        {
            var request = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            Requests.Enqueue(request);
            var voice = request.GetProperty("voice").GetString();
            if (voice == "broken")
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            int rate = voice == "declares-16k" ? 16_000 : 24_000;
            http.Response.ContentType = voice == "declares-16k" ? "audio/pcm; rate=16000" : "audio/pcm";
            var pcm = Pcm16.ToBytes(Tone(rate));
            for (int offset = 0; offset < pcm.Length; offset += 4801)
            {
                await http.Response.Body.WriteAsync(pcm.AsMemory(offset, Math.Min(4801, pcm.Length - offset)));
                await http.Response.Body.FlushAsync();
            }
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Deployments as the Deployments feature will resolve them: per team, only running ones.</summary>
public sealed class TestDeploymentResolver : IDeploymentEndpointResolver
{
    private readonly ConcurrentDictionary<(Guid TeamId, Guid DeploymentId), TtsDeploymentEndpoint> _running = new();

    public Guid Add(Guid teamId, Uri endpoint, string? model = "kokoro")
    {
        var id = Guid.NewGuid();
        _running[(teamId, id)] = new TtsDeploymentEndpoint(endpoint, model);
        return id;
    }

    public Task<TtsDeploymentEndpoint?> ResolveAsync(Guid teamId, Guid deploymentId, CancellationToken cancellationToken) =>
        Task.FromResult(_running.TryGetValue((teamId, deploymentId), out var endpoint) ? endpoint : null);
}

public sealed class DeploymentWorkerApp : VoiceFlowApp
{
    public FakeSpeechWorker Worker { get; } = new();

    public TestDeploymentResolver Deployments { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Worker.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IDeploymentEndpointResolver>(Deployments));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Worker.DisposeAsync();
    }
}

/// <summary><c>deploymentId</c>: synthesis on the team's running deployment, streamed over HTTP from its worker.</summary>
public sealed class TtsDeploymentTests(DeploymentWorkerApp app) : IClassFixture<DeploymentWorkerApp>
{
    private JsonElement LastWorkerRequest(string input) => app.Worker.Requests.Last(r => r.GetProperty("input").GetString() == input);

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task A_deployment_streams_its_workers_pcm_in_the_same_fixed_frames(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        var deployment = app.Deployments.Add(key.TeamId, app.Worker.BaseAddress);
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);
        var text = $"Spoken by the deployment ({protocol}).";

        var chunks = await connection.SynthesizeAllAsync(new TtsRequest(text, "af_bella", "pcm_24000", deployment.ToString()));

        Assert.Equal(Pcm16.ToBytes(FakeSpeechWorker.Tone(24_000)), chunks.Audio());
        Assert.All(chunks[..^1], c => Assert.Equal(1920, c.Audio.Length));
        Assert.True(chunks[^1].Final);
        Assert.All(chunks, c => Assert.Empty(c.Words)); // workers report no word timings
        var request = LastWorkerRequest(text);
        Assert.Equal("kokoro", request.GetProperty("model").GetString());
        Assert.Equal("af_bella", request.GetProperty("voice").GetString());
        Assert.Equal("pcm", request.GetProperty("response_format").GetString());
    }

    [Fact]
    public async Task A_workers_declared_rate_is_honoured_and_converted_to_the_requested_format()
    {
        var key = await app.CreateKeyAsync();
        var deployment = app.Deployments.Add(key.TeamId, app.Worker.BaseAddress).ToString();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);

        var same = await connection.SynthesizeAllAsync(new TtsRequest("At sixteen.", "declares-16k", "pcm_16000", deployment));
        var mulaw = await connection.SynthesizeAllAsync(new TtsRequest("At eight.", "declares-16k", "ulaw_8000", deployment));
        var wav = await connection.SynthesizeAllAsync(new TtsRequest("As wav.", "declares-16k", "wav", deployment));

        Assert.Equal(Pcm16.ToBytes(FakeSpeechWorker.Tone(16_000)), same.Audio());
        Assert.Equal(4_000, mulaw.Audio().Length); // half a second at 8 kHz
        Assert.True(Pcm16.RmsDbfs(MuLaw.Decode(mulaw.Audio())) > -20);
        var audio = VoiceFlow.Audio.Wav.WavReader.ReadAllMono(new MemoryStream(wav.Audio()));
        Assert.Equal((24_000, 12_000), (audio.SampleRate, audio.Samples.Length));
    }

    [Fact]
    public async Task SynthesizeText_sends_each_sentence_to_the_worker_in_order()
    {
        var key = await app.CreateKeyAsync();
        var deployment = app.Deployments.Add(key.TeamId, app.Worker.BaseAddress, model: null).ToString();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);
        var marker = Guid.NewGuid().ToString("N")[..8];

        var chunks = new List<TtsChunk>();
        await foreach (var chunk in connection.StreamAsync<TtsChunk>("SynthesizeText",
            new TtsTextOptions("af_bella", "pcm_24000", deployment), new[] { $"First {marker}.", $" Second {marker}." }.ToAsyncEnumerable()))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(2 * 24_000, chunks.Audio().Length); // two half-second answers at 24 kHz, 2 bytes a sample
        Assert.Equal([$"First {marker}.", $"Second {marker}."],
            app.Worker.Requests.Select(r => r.GetProperty("input").GetString()).Where(s => s!.Contains(marker, StringComparison.Ordinal)));
        Assert.Equal("default", LastWorkerRequest($"First {marker}.").GetProperty("model").GetString());
    }

    [Fact]
    public async Task Another_teams_or_an_unknown_deployment_is_not_found()
    {
        var mine = await app.CreateKeyAsync();
        var theirs = await app.CreateKeyAsync();
        var theirDeployment = app.Deployments.Add(theirs.TeamId, app.Worker.BaseAddress);
        await using var connection = await app.ConnectTtsAsync(mine.Key, TtsProtocol.MessagePack);

        foreach (var deployment in new[] { theirDeployment, Guid.NewGuid() })
        {
            var (code, chunks) = await TtsClients.StreamErrorAsync(connection.StreamAsync<TtsChunk>(
                "Synthesize", new TtsRequest("Hello.", "af_bella", "pcm_16000", deployment.ToString())));
            Assert.Equal(("not_found", 0), (code, chunks));
        }
    }

    [Theory]
    [InlineData("broken")]
    [InlineData("unreachable")]
    public async Task A_worker_that_fails_or_cannot_be_reached_is_unavailable_before_any_audio(string failure)
    {
        var key = await app.CreateKeyAsync();
        var endpoint = failure == "broken" ? app.Worker.BaseAddress : new Uri("http://127.0.0.1:9/");
        var deployment = app.Deployments.Add(key.TeamId, endpoint).ToString();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);

        var (code, chunks) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest("Hello.", failure, "pcm_16000", deployment)));

        Assert.Equal(("unavailable", 0), (code, chunks));
    }
}
