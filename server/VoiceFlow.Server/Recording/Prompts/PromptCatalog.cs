using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Recording.Prompts;

/// <summary>Which prompts a contributor reads next, and how prompt sets get in.</summary>
public sealed class PromptCatalog(VoiceFlowDbContext db, TimeProvider clock)
{
    public const int MaxCount = 50;
    private static readonly RecordingStatus[] LiveStatuses = [RecordingStatus.Pending, RecordingStatus.Review, RecordingStatus.Approved];

    /// <summary>
    /// The least-recorded active prompts in the contributor's languages (a tag matches its base language: en-GB reads "en"),
    /// never one the contributor already has a live take of. Ties are shuffled so contributors spread over the set.
    /// </summary>
    public async Task<List<PromptView>> NextAsync(Guid contributorId, int count, CancellationToken cancellationToken)
    {
        var languages = await db.Contributors.Where(c => c.UserId == contributorId).Select(c => c.Languages).FirstOrDefaultAsync(cancellationToken) ?? [];
        var accepted = languages.Concat(languages.Select(l => l.Split('-')[0])).Distinct().ToList();
        return await db.Prompts.AsNoTracking()
            .Where(p => p.Active && accepted.Contains(p.Language))
            .Where(p => !db.Recordings.Any(r => r.PromptId == p.Id && r.ContributorId == contributorId && LiveStatuses.Contains(r.Status)))
            .OrderBy(p => p.RecordingCount).ThenBy(_ => EF.Functions.Random())
            .Take(Math.Clamp(count, 1, MaxCount))
            .Select(p => new PromptView(p.Id, p.Text, p.Language, p.Category, p.Difficulty, p.TargetDurationSeconds))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds the valid items; prompts already present (same language and text) are skipped, so imports can be repeated.</summary>
    public async Task<PromptImportResult> ImportAsync(IReadOnlyList<PromptImportItem> items, string? defaultLanguage, CancellationToken cancellationToken)
    {
        var errors = new List<PromptImportError>();
        var candidates = new List<Prompt>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var text = FreeText.CleanOptional(item.Text);
            var language = item.Language ?? defaultLanguage;
            var error = text switch
            {
                null => "text is required",
                { Length: > 500 } => "text is longer than 500 characters",
                _ when language is null || !LanguageTagsAttribute.IsWellFormed(language) => "language must be a BCP 47 tag",
                _ when string.IsNullOrWhiteSpace(item.Category) || item.Category.Length > 40 => "category is required (at most 40 characters)",
                _ when item.Difficulty is not (>= 1 and <= 3) => "difficulty must be 1, 2 or 3",
                _ when item.TargetDurationSeconds is not (>= 1 and <= 60) => "targetDurationSeconds must be 1 to 60",
                _ => null,
            };
            if (error is not null)
            {
                errors.Add(new PromptImportError(i + 1, error));
                continue;
            }

            candidates.Add(new Prompt
            {
                Text = text!,
                Language = LanguageTagsAttribute.Canonical(language!),
                Category = item.Category!.Trim().ToLowerInvariant(),
                Difficulty = item.Difficulty!.Value,
                TargetDurationSeconds = item.TargetDurationSeconds!.Value,
                CreatedAt = now,
            });
        }

        var unique = candidates.DistinctBy(p => (p.Language, p.Text)).ToList();
        var texts = unique.Select(p => p.Text).ToList();
        var existing = (await db.Prompts.Where(p => texts.Contains(p.Text)).Select(p => new { p.Language, p.Text }).ToListAsync(cancellationToken))
            .Select(p => (p.Language, p.Text)).ToHashSet();
        var fresh = unique.Where(p => !existing.Contains((p.Language, p.Text))).ToList();
        db.Prompts.AddRange(fresh);
        await db.SaveChangesAsync(cancellationToken);
        return new PromptImportResult(fresh.Count, candidates.Count - fresh.Count, errors);
    }
}
