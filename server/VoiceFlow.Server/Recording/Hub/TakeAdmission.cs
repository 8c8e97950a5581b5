using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Realtime;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>
/// What a take must pass before it may be kept: its prompt exists and is active, and the contributor has no other take
/// in progress (a lease, across nodes with Redis). It runs while the first chunks are already being analysed, so a busy
/// database or Redis delays the verdict, never the contributor's level meter. Disposing it releases the lease, also
/// when the take failed before the verdict was read.
/// </summary>
public sealed class TakeAdmission : IAsyncDisposable
{
    private readonly Task<Admitted> _verdict;

    private TakeAdmission(Task<Admitted> verdict) => _verdict = verdict;

    /// <summary>True once the verdict is in: <see cref="WaitAsync"/> then completes at once.</summary>
    public bool IsDecided => _verdict.IsCompleted;

    public static TakeAdmission Begin(VoiceFlowDbContext db, IActiveTakes activeTakes, Guid contributorId, Guid promptId, CancellationToken cancellationToken) =>
        new(DecideAsync(db, activeTakes, contributorId, promptId, cancellationToken));

    /// <summary>The prompt's target duration, once admitted.</summary>
    /// <exception cref="Microsoft.AspNetCore.SignalR.HubException"><c>not_found</c> or <c>conflict</c>.</exception>
    public async Task<int> WaitAsync() => (await _verdict).TargetDurationSeconds;

    private static async Task<Admitted> DecideAsync(
        VoiceFlowDbContext db, IActiveTakes activeTakes, Guid contributorId, Guid promptId, CancellationToken cancellationToken)
    {
        var target = await ActivePromptTarget(db, promptId, cancellationToken)
            ?? throw HubErrors.Error(HubErrors.NotFound, "no such prompt.");
        var lease = await activeTakes.TryBeginAsync(contributorId)
            ?? throw HubErrors.Error(HubErrors.Conflict, "another take is already being recorded; finish it first.");
        return new Admitted(target, lease);
    }

    // Compiled once: every take asks this, and translating the query each time cost a quarter of its CPU.
    private static readonly Func<VoiceFlowDbContext, Guid, CancellationToken, Task<int?>> ActivePromptTarget =
        EF.CompileAsyncQuery((VoiceFlowDbContext db, Guid promptId, CancellationToken _) => db.Prompts
            .Where(p => p.Id == promptId && p.Active)
            .Select(p => (int?)p.TargetDurationSeconds)
            .FirstOrDefault());

    public async ValueTask DisposeAsync()
    {
        Admitted admitted;
        try
        {
            admitted = await _verdict;
        }
        catch
        {
            // Refused or cancelled: there is no lease to release, and the take has already failed or will.
            return;
        }

        await admitted.Lease.DisposeAsync();
    }

    private sealed record Admitted(int TargetDurationSeconds, IAsyncDisposable Lease);
}
