using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Tests.Quality.Transcription;

public sealed class TranscriptionSetupTests
{
    [Fact]
    public async Task Without_a_model_transcription_is_unavailable()
    {
        using var host = await TranscriptionHost.StartAsync();
        var transcriber = host.Transcriber();

        Assert.False(transcriber.IsAvailable);
        Assert.Null(transcriber.ModelName);
        await Assert.ThrowsAsync<InvalidOperationException>(() => transcriber.TranscribeAsync(new float[16_000], "en", CancellationToken.None));
    }

    [Fact]
    public async Task A_configured_model_path_that_does_not_exist_stops_start_up()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.bin");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TranscriptionHost.StartAsync(("Quality:Asr:ModelPath", missing)));

        Assert.Contains("Quality:Asr:ModelPath", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_file_that_cannot_be_loaded_stops_start_up()
    {
        var notAModel = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.bin");
        await File.WriteAllTextAsync(notAModel, "this is not a ggml model");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TranscriptionHost.StartAsync(("Quality:Asr:ModelPath", notAModel)));

            Assert.Contains("Quality:Asr:ModelPath", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notAModel);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    public async Task A_concurrency_outside_one_to_eight_stops_start_up(string maxConcurrency)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TranscriptionHost.StartAsync(("Quality:Asr:MaxConcurrency", maxConcurrency)));

        Assert.Contains("MaxConcurrency", error.Message, StringComparison.Ordinal);
    }
}
