using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>A model that is configured but missing stops start-up instead of silently disabling transcript match.</summary>
internal sealed class TranscriptionOptionsValidator : IValidateOptions<TranscriptionOptions>
{
    public ValidateOptionsResult Validate(string? name, TranscriptionOptions options)
    {
        if (!options.HasModel || File.Exists(options.ModelPath))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{TranscriptionOptions.Section}:ModelPath is '{options.ModelPath}' ({Path.GetFullPath(options.ModelPath!)}), which does not exist. " +
            "Download a ggml Whisper model there (see README, \"Speech recognition\") or leave the setting empty to score takes without transcript match.");
    }
}
