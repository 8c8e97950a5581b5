using System.Text.Json;

namespace VoiceFlow.Server.Recording.Prompts;

/// <summary>Reads prompt files: a JSON array of items, or CSV with a header row naming the columns.</summary>
public static class PromptFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<PromptImportItem>> ReadJsonAsync(Stream stream, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<List<PromptImportItem>>(stream, Json, cancellationToken)
            ?? throw new FormatException("The file holds no JSON array.");

    public static async Task<IReadOnlyList<PromptImportItem>> ReadCsvAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        var header = ParseLine(await reader.ReadLineAsync(cancellationToken) ?? throw new FormatException("The CSV file is empty."));
        var column = header.Select((name, index) => (name: name.Trim().ToLowerInvariant(), index)).ToDictionary(c => c.name, c => c.index);
        if (!column.ContainsKey("text"))
        {
            throw new FormatException("The CSV header must name a 'text' column.");
        }

        var items = new List<PromptImportItem>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = ParseLine(line);
            string? Field(string name) => column.TryGetValue(name.ToLowerInvariant(), out var i) && i < fields.Count ? fields[i] : null;
            items.Add(new PromptImportItem(
                Field("text"), Field("language"), Field("category"),
                int.TryParse(Field("difficulty"), out var difficulty) ? difficulty : null,
                int.TryParse(Field("targetDurationSeconds"), out var seconds) ? seconds : null));
        }

        return items;
    }

    /// <summary>RFC 4180 fields on one line: commas separate, double quotes enclose, "" is a quote.</summary>
    private static List<string> ParseLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else { field.Append(c); }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
