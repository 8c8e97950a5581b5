using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>Settings of the <c>Quality:Asr</c> section.</summary>
public sealed class TranscriptionOptions
{
    public const string Section = "Quality:Asr";

    /// <summary>A whisper.cpp ggml model file (absolute, or relative to the working directory). Empty: no speech recognition.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Transcriptions running at once; each holds its own decoder state and <see cref="Threads"/> threads.</summary>
    [Range(1, 8)]
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>CPU threads of one transcription.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 2;

    public bool HasModel => !string.IsNullOrWhiteSpace(ModelPath);
}
