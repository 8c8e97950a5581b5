namespace VoiceFlow.Server.Recording.Prompts;

public sealed record PromptView(Guid Id, string Text, string Language, string Category, int Difficulty, int TargetDurationSeconds);

/// <summary>One prompt in an import file (JSON array or CSV with these column names).</summary>
public sealed record PromptImportItem(string? Text, string? Language, string? Category, int? Difficulty, int? TargetDurationSeconds);

public sealed record PromptImportError(int Item, string Error);

public sealed record PromptImportResult(int Imported, int Skipped, IReadOnlyList<PromptImportError> Errors);
