using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Quality.Transcription;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Quality;

/// <summary>A server whose analysis workers poll quickly, with a transcriber the test controls.</summary>
public class QualityApp : VoiceFlowApp
{
    public ScriptedTranscriber Transcriber { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Quality:Workers", "2"),
        new("Quality:PollInterval", "00:00:00.100"),
        new("Quality:RetryBackoff", "00:00:00.100"),
        new("Quality:MaxAttempts", "2"),
        new("Quality:PendingGaugeInterval", "00:00:00.200"),
        new("Contributors:Payouts:MinimumCents", "1"),
    ];

    protected virtual bool ScriptTranscripts => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (ScriptTranscripts)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<ITranscriber>(Transcriber));
        }
    }
}

/// <summary>Answers with whatever the test says the contributor read, so transcript matching is exercised without a model.</summary>
public sealed class ScriptedTranscriber : ITranscriber
{
    public string Heard { get; set; } = "";

    public bool IsAvailable => true;

    public string? ModelName => "scripted";

    public Task<string> TranscribeAsync(ReadOnlyMemory<float> samples, string language, CancellationToken cancellationToken)
    {
        return Task.FromResult(Heard);
    }
}
