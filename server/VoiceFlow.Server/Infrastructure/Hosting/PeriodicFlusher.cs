namespace VoiceFlow.Server.Infrastructure.Hosting;

/// <summary>
/// Writes what a node has gathered in memory (counters, usage) every <c>interval</c> and once more at shutdown, so the
/// request or take that gathered it never waits for the database.
/// </summary>
public abstract class PeriodicFlusher(TimeSpan interval) : BackgroundService
{
    /// <summary>Writes everything gathered so far; what cannot be written is kept for the next flush.</summary>
    public abstract Task FlushAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }
}
