using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Server.Quality.Scoring;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Quality;

public sealed class QualityPipelineTests(QualityApp app) : IClassFixture<QualityApp>
{
    private async Task<TestContributor> ContributorAsync()
    {
        await app.SeedAsync();
        return await app.SignUpContributorAsync(["en"]);
    }

    [Theory]
    [InlineData(HubProtocol.MessagePack)]
    [InlineData(HubProtocol.Json)]
    public async Task A_clean_streamed_take_is_approved_paid_and_announced_live(HubProtocol protocol)
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = prompt.Text;
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, protocol, contributor.AccessToken);
        var scored = new TaskCompletionSource<RecordingScoredMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<RecordingScoredMessage>(RecordingHubContract.RecordingScored, m => scored.TrySetResult(m));

        var result = await hub.InvokeAsync<RecordingResult>("Record", new RecordStart(prompt.Id, GeneratedTakes.Rate, "pcm_s16le"),
            TakeChunks.Of(await GeneratedTakes.CleanAsync(), GeneratedTakes.Rate));

        var message = await scored.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(result.RecordingId, message.RecordingId);
        Assert.Equal("approved", message.Status);
        Assert.InRange(message.QualityScore!.Value, 85, 100);
        Assert.Equal(PaymentSchedule.CentsFor(message.QualityScore.Value), message.PaymentCents);

        var view = await contributor.DecidedAsync(result.RecordingId);
        Assert.Equal(message.QualityScore, view.GetProperty("qualityScore").GetInt32());
        Assert.Equal(message.PaymentCents, view.GetProperty("paymentCents").GetInt32());
        var metrics = view.GetProperty("metrics");
        Assert.Equal(1.0, metrics.GetProperty("transcriptMatch").GetDouble());
        Assert.True(metrics.GetProperty("snrDb").GetDouble() > 30);
        Assert.Equal(0.0, metrics.GetProperty("clipping").GetDouble());
        Assert.InRange(metrics.GetProperty("clarity").GetDouble(), 0.5, 1);
        Assert.Equal(prompt.Text, view.GetProperty("transcript").GetString());
        Assert.Equal(prompt.Text, view.GetProperty("promptText").GetString());
    }

    [Fact]
    public async Task A_clipped_take_is_rejected_with_a_reason_and_earns_nothing()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = prompt.Text;

        var view = await contributor.DecidedAsync(await contributor.UploadAsync(prompt.Id, await GeneratedTakes.ClippedAsync()));

        Assert.Equal("rejected", view.GetProperty("status").GetString());
        Assert.Contains("clipped", view.GetProperty("rejectionReason").GetString());
        Assert.Equal(0, view.GetProperty("paymentCents").GetInt32());
        Assert.True(view.GetProperty("metrics").GetProperty("clipping").GetDouble() > 0.01);
    }

    [Fact]
    public async Task A_silent_take_is_rejected_as_no_speech()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];

        var view = await contributor.DecidedAsync(await contributor.UploadAsync(prompt.Id, GeneratedTakes.Silence()));

        Assert.Equal("rejected", view.GetProperty("status").GetString());
        Assert.Contains("No speech", view.GetProperty("rejectionReason").GetString());
    }

    [Fact]
    public async Task Very_noisy_speech_is_rejected_and_the_reason_names_the_noise()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = "";

        var view = await contributor.DecidedAsync(await contributor.UploadAsync(prompt.Id, await GeneratedTakes.NoisyAsync(0)));

        Assert.Equal("rejected", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("qualityScore").GetInt32() < 50);
        Assert.Equal(0.0, view.GetProperty("metrics").GetProperty("transcriptMatch").GetDouble());
    }

    [Fact]
    public async Task A_take_that_reads_other_words_goes_to_review_with_its_transcript_and_a_playable_link()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = "completely different words were spoken here";
        var id = await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync());

        Assert.Equal("review", (await contributor.DecidedAsync(id)).GetProperty("status").GetString());
        var staff = await app.StaffClientAsync();
        var item = (await staff.GetFromJsonAsync<JsonElement>("/api/admin/recordings/pending?pageSize=200"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(prompt.Text, item.GetProperty("promptText").GetString());
        Assert.Equal("completely different words were spoken here", item.GetProperty("transcript").GetString());
        Assert.InRange(item.GetProperty("qualityScore").GetInt32(), 50, 84);
        Assert.True(item.GetProperty("metrics").GetProperty("transcriptMatch").GetDouble() < 0.5);

        var audio = await app.CreateClient().GetAsync(item.GetProperty("playbackUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        var bytes = await audio.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal((await GeneratedTakes.CleanAsync()).Length * 2, bytes.Length - 44, tolerance: 64);
        // An audio element seeking through the take asks for byte ranges.
        using var seek = new HttpRequestMessage(HttpMethod.Get, item.GetProperty("playbackUrl").GetString())
        {
            Headers = { Range = new System.Net.Http.Headers.RangeHeaderValue(8, 11) },
        };
        var part = await app.CreateClient().SendAsync(seek);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("WAVE"u8.ToArray(), await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_playback_link_with_a_changed_id_expiry_or_signature_is_refused()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        var id = await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync());
        var link = (await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{id}")).GetProperty("playbackUrl").GetString()!;
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), link).Query);
        var expires = long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        string[] forged =
        [
            link.Replace(id.ToString(), Guid.NewGuid().ToString()),
            link.Replace($"expires={expires}", $"expires={expires + 3600}"),
            link.Replace($"signature={query["signature"]}", "signature=AAAA"),
            $"/api/recordings/{id}/audio",
            $"/api/recordings/{id}/audio?expires=1&signature={query["signature"]}",
        ];
        foreach (var url in forged)
        {
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Reviewers_approve_and_reject_from_the_queue_and_the_contributor_hears_at_once()
    {
        var contributor = await ContributorAsync();
        var prompts = await contributor.PromptsAsync(2);
        app.Transcriber.Heard = "a different sentence altogether";
        var first = await contributor.UploadAsync(prompts[0].Id, await GeneratedTakes.CleanAsync());
        var second = await contributor.UploadAsync(prompts[1].Id, await GeneratedTakes.CleanAsync());
        await contributor.DecidedAsync(first);
        var secondView = await contributor.DecidedAsync(second);
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.Json, contributor.AccessToken);
        var heard = new ConcurrentQueue<RecordingScoredMessage>();
        hub.On<RecordingScoredMessage>(RecordingHubContract.RecordingScored, heard.Enqueue);
        var staff = await app.StaffClientAsync();

        var approved = await (await staff.PostAsync($"/api/admin/recordings/{first}/approve", null)).Content.ReadFromJsonAsync<JsonElement>();
        var rejected = await staff.PostAsJsonAsync($"/api/admin/recordings/{second}/reject", new { reason = "Background music is audible." });

        Assert.Equal("approved", approved.GetProperty("status").GetString());
        var score = approved.GetProperty("qualityScore").GetInt32();
        Assert.Equal(PaymentSchedule.CentsFor(score), approved.GetProperty("paymentCents").GetInt32());
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var rejectedView = await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{second}");
        Assert.Equal("rejected", rejectedView.GetProperty("status").GetString());
        Assert.Equal("Background music is audible.", rejectedView.GetProperty("rejectionReason").GetString());
        Assert.Equal(secondView.GetProperty("qualityScore").GetInt32(), rejectedView.GetProperty("qualityScore").GetInt32());
        await TakeChunks.WaitUntilAsync(() => heard.Count >= 2, "the live messages");
        Assert.Contains(heard, m => m.RecordingId == first && m.Status == "approved" && m.PaymentCents == PaymentSchedule.CentsFor(score));
        Assert.Contains(heard, m => m.RecordingId == second && m.Status == "rejected" && m.PaymentCents == 0);

        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/api/admin/recordings/{first}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/admin/recordings/{Guid.NewGuid()}/approve", null)).StatusCode);
        var pending = await staff.GetFromJsonAsync<JsonElement>("/api/admin/recordings/pending?pageSize=200");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == first || i.GetProperty("id").GetGuid() == second);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_the_queue_is_for_staff_only()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = "nothing like the prompt";
        var id = await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync());
        await contributor.DecidedAsync(id);
        var staff = await app.StaffClientAsync();

        var noReason = await staff.PostAsJsonAsync($"/api/admin/recordings/{id}/reject", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errors", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.Portal.GetAsync("/api/admin/recordings/pending")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.Portal.PostAsync($"/api/admin/recordings/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/admin/recordings/pending")).StatusCode);
        Assert.Equal("review", (await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Earnings_and_payouts_add_up_to_the_cent()
    {
        var contributor = await ContributorAsync();
        var prompts = await contributor.PromptsAsync(4);
        var staff = await app.StaffClientAsync();
        var paid = new List<int>();
        app.Transcriber.Heard = prompts[0].Text;
        var auto = await contributor.DecidedAsync(await contributor.UploadAsync(prompts[0].Id, await GeneratedTakes.CleanAsync()));
        Assert.Equal("approved", auto.GetProperty("status").GetString());
        paid.Add(auto.GetProperty("paymentCents").GetInt32());
        app.Transcriber.Heard = "unrelated words";
        var reviewed = await contributor.UploadAsync(prompts[1].Id, await GeneratedTakes.CleanAsync());
        await contributor.DecidedAsync(reviewed);
        paid.Add((await (await staff.PostAsync($"/api/admin/recordings/{reviewed}/approve", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("paymentCents").GetInt32());
        await contributor.DecidedAsync(await contributor.UploadAsync(prompts[2].Id, await GeneratedTakes.ClippedAsync()));

        var earnings = await contributor.Portal.GetFromJsonAsync<JsonElement>("/api/contributors/earnings");
        Assert.Equal(2, earnings.GetProperty("approvedRecordings").GetInt32());
        Assert.Equal(1, earnings.GetProperty("rejectedRecordings").GetInt32());
        Assert.Equal(paid.Sum(), earnings.GetProperty("approvedUnpaidCents").GetInt32());
        Assert.Equal(paid.Sum(), earnings.GetProperty("totalEarnedCents").GetInt32());
        Assert.Equal(0, earnings.GetProperty("paidCents").GetInt32());

        var requests = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => contributor.Portal.PostAsync("/api/contributors/payouts/request", null)));
        var accepted = requests.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.Single(accepted);
        Assert.All(requests.Except(accepted), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        var payout = await accepted[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(paid.Sum(), payout.GetProperty("amountCents").GetInt32());
        Assert.Equal(2, payout.GetProperty("recordingCount").GetInt32());
        Assert.Equal("requested", payout.GetProperty("status").GetString());

        var after = await contributor.Portal.GetFromJsonAsync<JsonElement>("/api/contributors/earnings");
        Assert.Equal(0, after.GetProperty("approvedUnpaidCents").GetInt32());
        Assert.Equal(paid.Sum(), after.GetProperty("payoutRequestedCents").GetInt32());
        Assert.Equal(paid.Sum(), after.GetProperty("totalEarnedCents").GetInt32());
        var history = await contributor.Portal.GetFromJsonAsync<JsonElement>("/api/contributors/payouts");
        Assert.Equal(payout.GetProperty("id").GetGuid(), Assert.Single(history.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_backlog_and_decisions_are_exported_as_metrics()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = prompt.Text;
        await contributor.DecidedAsync(await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync()));

        var metrics = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("voiceflow_recordings_pending ", metrics);
        Assert.Contains("voiceflow_recordings_processed_total{status=\"approved\"}", metrics);
        Assert.Contains("voiceflow_analysis_duration_seconds_count", metrics);
    }
}
