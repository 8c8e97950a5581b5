using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality;
using VoiceFlow.Server.Quality.Jobs;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Quality;

/// <summary>This node stores takes but scores none; each test starts the worker nodes it needs on the same database.</summary>
public sealed class QueueOnlyApp : QualityApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => base.Settings.Append(new("Quality:Workers", "0"));
}

public sealed class AnalysisQueueTests(QueueOnlyApp app) : IClassFixture<QueueOnlyApp>
{
    /// <summary>A node that scores, sharing this node's audio folder as a cluster shares its audio store.</summary>
    private VoiceFlowApp WorkerNode() => app.SecondNode(new("Quality:Workers", "3"), new("VoiceFlow:DataDirectory", app.DataDirectory));

    private async Task<(TestContributor Contributor, List<Guid> Recordings)> StoredTakesAsync(int count)
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var take = await GeneratedTakes.CleanAsync();
        var recordings = new List<Guid>();
        foreach (var prompt in await contributor.PromptsAsync(count))
        {
            recordings.Add(await contributor.UploadAsync(prompt.Id, take));
        }

        return (contributor, recordings);
    }

    private async Task<List<AnalysisJob>> JobsAsync(IEnumerable<Guid> recordings)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var ids = recordings.ToList();
        return await scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>().AnalysisJobs.AsNoTracking()
            .Where(j => ids.Contains(j.RecordingId)).ToListAsync();
    }

    private async Task WaitForJobsAsync(IEnumerable<Guid> recordings, Func<AnalysisJob, bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!(await JobsAsync(recordings)).All(condition))
        {
            Assert.True(DateTime.UtcNow < until, "The jobs did not reach the expected state in time.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Workers_claiming_at_once_never_take_the_same_job()
    {
        var (_, recordings) = await StoredTakesAsync(12);
        var claimed = new ConcurrentBag<ClaimedJob>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                await using var scope = app.Services.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<AnalysisJobQueue>().ClaimAsync(CancellationToken.None) is not { } job)
                {
                    return;
                }

                claimed.Add(job);
            }
        })));

        var mine = claimed.Where(j => recordings.Contains(j.RecordingId)).ToList();
        Assert.Equal(recordings.Count, mine.Count);
        Assert.Equal(recordings.Order(), mine.Select(j => j.RecordingId).Order());
        Assert.All(mine, j => Assert.Equal(1, j.Attempts));
    }

    [Fact]
    public async Task Two_worker_nodes_score_every_queued_take_exactly_once()
    {
        var (contributor, recordings) = await StoredTakesAsync(10);
        Assert.All(await JobsAsync(recordings), j => Assert.Equal(AnalysisJobStatus.Queued, j.Status));

        await using var first = WorkerNode();
        await using var second = WorkerNode();
        _ = first.Services;
        _ = second.Services;
        await WaitForJobsAsync(recordings, j => j.Status == AnalysisJobStatus.Done);

        Assert.All(await JobsAsync(recordings), j => Assert.Equal(1, j.Attempts));
        foreach (var id in recordings)
        {
            Assert.NotEqual("pending", (await contributor.DecidedAsync(id)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_take_queued_while_no_worker_runs_is_scored_once_a_worker_node_starts()
    {
        var (contributor, recordings) = await StoredTakesAsync(1);
        await Task.Delay(500);
        Assert.Equal("pending", (await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{recordings[0]}"))
            .GetProperty("status").GetString());

        await using var restarted = WorkerNode();
        _ = restarted.Services;

        Assert.NotEqual("pending", (await contributor.DecidedAsync(recordings[0])).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_left_running_by_a_node_that_died_is_taken_again_after_its_lease()
    {
        var (contributor, recordings) = await StoredTakesAsync(1);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var expired = DateTimeOffset.UtcNow.AddSeconds(-1);
            await scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>().AnalysisJobs.Where(j => j.RecordingId == recordings[0])
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, AnalysisJobStatus.Running).SetProperty(j => j.Attempts, 1)
                    .SetProperty(j => j.LeaseUntil, expired).SetProperty(j => j.LockedBy, "crashed-node:1"));
        }

        await using var survivor = WorkerNode();
        _ = survivor.Services;

        Assert.NotEqual("pending", (await contributor.DecidedAsync(recordings[0])).GetProperty("status").GetString());
        var job = Assert.Single(await JobsAsync(recordings));
        Assert.Equal(AnalysisJobStatus.Done, job.Status);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_parked_with_its_error_and_an_operator_can_retry_it()
    {
        var (contributor, recordings) = await StoredTakesAsync(1);
        foreach (var file in Directory.GetFiles(Path.Combine(app.DataDirectory, "audio"), "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        await using var worker = WorkerNode();
        _ = worker.Services;
        await WaitForJobsAsync(recordings, j => j.Status == AnalysisJobStatus.Parked);

        var staff = await app.StaffClientAsync();
        var parked = (await staff.GetFromJsonAsync<JsonElement>("/api/admin/analysis-jobs/parked")).EnumerateArray()
            .Single(j => j.GetProperty("recordingId").GetGuid() == recordings[0]);
        Assert.Equal(2, parked.GetProperty("attempts").GetInt32());
        Assert.Contains("no take", parked.GetProperty("lastError").GetString());
        Assert.Equal("pending", (await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{recordings[0]}"))
            .GetProperty("status").GetString());

        var retry = await staff.PostAsync($"/api/admin/analysis-jobs/{parked.GetProperty("id").GetGuid()}/retry", null);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await WaitForJobsAsync(recordings, j => j.Status == AnalysisJobStatus.Parked && j.Attempts == 2 && j.RunAfter > DateTimeOffset.Parse(
            parked.GetProperty("runAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/admin/analysis-jobs/{Guid.NewGuid()}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Backlog_counts_are_exact_up_to_their_limit_and_read_from_table_statistics_beyond_it()
    {
        await StoredTakesAsync(6);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        var pending = db.Recordings.Where(r => r.Status == RecordingStatus.Pending).OrderBy(r => r.CreatedAt);
        long exact = await pending.LongCountAsync();
        Assert.True(exact >= 6);

        Assert.Equal(exact, await pending.CountOrEstimateAsync(db, exactUpTo: (int)exact, CancellationToken.None));

        await db.Database.ExecuteSqlRawAsync("ANALYZE recordings");
        long estimated = await pending.CountOrEstimateAsync(db, exactUpTo: 2, CancellationToken.None);
        Assert.InRange(estimated, (long)(exact * 0.8), (long)Math.Ceiling(exact * 1.2));
    }
}
