namespace VoiceFlow.Server.Recording.Prompts;

/// <summary>The English prompt set shipped with VoiceFlow (written for the project, free to redistribute).</summary>
public static class SeedPrompts
{
    private const string ResourceName = "VoiceFlow.Server.Recording.Prompts.seed-prompts.en.json";

    public static async Task<PromptImportResult> ImportAsync(PromptCatalog catalog, CancellationToken cancellationToken)
    {
        await using var stream = typeof(SeedPrompts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded prompt set {ResourceName} is missing.");
        var items = await PromptFiles.ReadJsonAsync(stream, cancellationToken);
        return await catalog.ImportAsync(items, defaultLanguage: "en", cancellationToken);
    }
}
