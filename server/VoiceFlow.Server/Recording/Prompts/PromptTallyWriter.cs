using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Recording.Prompts;

/// <summary>
/// Adds this node's <see cref="PromptTally"/> to the prompts' recording counts every <see cref="RecordingOptions.PromptTallyInterval"/>
/// and once more at shutdown. Increments, so nodes never overwrite each other; a batch that fails (a deadlock with
/// another node's batch, a database restart) is put back and tried again on the next tick.
/// </summary>
internal sealed class PromptTallyWriter(
    PromptTally tally, IServiceScopeFactory scopes, IOptions<RecordingOptions> options, ILogger<PromptTallyWriter> logger)
    : PeriodicFlusher(options.Value.PromptTallyInterval)
{
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = tally.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        var ids = batch.Keys.Order().ToArray();
        var takes = ids.Select(id => batch[id]).ToArray();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
            await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE prompts AS p SET recording_count = p.recording_count + t.takes
                FROM unnest({ids}, {takes}) AS t(id, takes)
                WHERE p.id = t.id
                """,
                cancellationToken);
        }
        catch (Exception e)
        {
            tally.Restore(batch);
            logger.LogWarning(e, "Could not add the takes of {PromptCount} prompts to their recording counts; will retry", batch.Count);
        }
    }
}
