using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Deployments.Realtime;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Deployments.Lifecycle;

/// <summary>
/// Log lines of deployments (worker output, lifecycle notes): pushed to watchers in order as they come, and
/// stored in batches, keeping the most recent <see cref="DeploymentDriverOptions.LogLinesKept"/> per deployment.
/// </summary>
public sealed partial class DeploymentLogSink(
    IServiceScopeFactory scopes, DeploymentNotifier notifier, TimeProvider clock, IOptions<DeploymentOptions> options,
    ILogger<DeploymentLogSink> logger) : BackgroundService
{
    private const int MaxLineLength = 2000;
    private const int MaxBatch = 500;

    private readonly Channel<Entry> _entries = Channel.CreateBounded<Entry>(
        new BoundedChannelOptions(20_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Write(Guid deploymentId, Guid teamId, string line)
    {
        var clean = Clean(line);
        if (clean.Length > 0)
        {
            _entries.Writer.TryWrite(new Entry(deploymentId, teamId, clock.GetUtcNow(), clean));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _entries.Reader.WaitToReadAsync(stoppingToken))
            {
                await PublishAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await PublishAsync(cancellationToken);
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Entry>();
        while (batch.Count < MaxBatch && _entries.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }

        if (batch.Count == 0)
        {
            return;
        }

        foreach (var entry in batch)
        {
            await notifier.LogAsync(entry.TeamId, new DeploymentLog(entry.DeploymentId, entry.At.UtcDateTime, entry.Line));
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
            db.DeploymentLogLines.AddRange(batch.Select(e => new DeploymentLogLine { DeploymentId = e.DeploymentId, At = e.At, Line = e.Line }));
            await db.SaveChangesAsync(cancellationToken);
            var keep = options.Value.Driver.LogLinesKept;
            foreach (var id in batch.Select(e => e.DeploymentId).Distinct())
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    DELETE FROM deployment_log_lines
                    WHERE deployment_id = {id}
                      AND id <= (SELECT id FROM deployment_log_lines WHERE deployment_id = {id} ORDER BY id DESC OFFSET {keep} LIMIT 1)
                    """,
                    cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(logger, e, batch.Count);
        }
    }

    /// <summary>One printable line: escape sequences and control characters removed, length capped.</summary>
    internal static string Clean(string line)
    {
        var text = AnsiEscape().Replace(line, "");
        var builder = new StringBuilder(Math.Min(text.Length, MaxLineLength));
        foreach (var c in text)
        {
            if (builder.Length == MaxLineLength)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().TrimEnd();
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    [LoggerMessage(LogLevel.Warning, "Could not store {LineCount} deployment log lines")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int lineCount);

    private readonly record struct Entry(Guid DeploymentId, Guid TeamId, DateTimeOffset At, string Line);
}
