using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Recording.Prompts;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tests.Quality;

namespace VoiceFlow.Server.Tests.Contributors;

public sealed class PromptTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<HttpClient> ContributorAsync(string[] languages) =>
        (await app.SignUpContributorAsync(languages, _client)).Portal;

    private async Task<HttpClient> StaffAsync()
    {
        var demo = await app.SeedAsync();
        return app.CreateClient().WithBearer((await _client.LoginOkAsync(demo.Email, demo.Password)).AccessToken);
    }

    [Fact]
    public async Task Staff_import_csv_and_json_prompt_files_and_repeats_are_skipped()
    {
        var staff = await StaffAsync();
        var csv = "text,language,category,difficulty,targetDurationSeconds\n" +
                  "\"Bring the kettle, please.\",de,conversational,1,3\n" +
                  "Zwei plus zwei ist vier.,de,numbers,1,3\n" +
                  ",de,news,1,3\n";

        var first = await staff.PostAsync("/api/admin/prompts/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var again = await staff.PostAsync("/api/admin/prompts/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var json = await staff.PostAsJsonAsync("/api/admin/prompts/import?language=de",
            new[] { new { text = "Guten Morgen!", category = "conversational", difficulty = 1, targetDurationSeconds = 2 } });

        var firstResult = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, firstResult.GetProperty("imported").GetInt32());
        var error = Assert.Single(firstResult.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("item").GetInt32());
        Assert.Equal(2, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skipped").GetInt32());
        Assert.Equal(1, (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        Assert.Equal(3L, await app.Database.ScalarAsync<long>("SELECT count(*) FROM prompts WHERE language = 'de'"));
    }

    [Fact]
    public async Task Only_staff_may_import_prompts()
    {
        var user = await _client.SignUpAsync();

        var response = await app.ClientFor(user).PostAsJsonAsync("/api/admin/prompts/import", Array.Empty<object>());

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_shipped_prompt_set_is_imported_by_the_seed_command()
    {
        await StaffAsync();

        var count = await app.Database.ScalarAsync<long>("SELECT count(*) FROM prompts WHERE language = 'en'");

        Assert.True(count >= 300, $"expected the shipped set of 300+ prompts, found {count}");
    }

    [Fact]
    public async Task Prompts_come_in_the_contributors_languages_least_recorded_first()
    {
        var staff = await StaffAsync();
        await staff.PostAsJsonAsync("/api/admin/prompts/import?language=cy", Enumerable.Range(1, 6)
            .Select(i => new { text = $"Brawddeg rhif {i}.", category = "numbers", difficulty = 1, targetDurationSeconds = 2 }));
        await app.Database.ExecuteAsync("UPDATE prompts SET recording_count = 10 WHERE language = 'cy' AND text <> 'Brawddeg rhif 4.'");
        var contributor = await ContributorAsync(["cy-GB"]);

        var prompts = await contributor.GetFromJsonAsync<JsonElement>("/api/contributors/prompts?count=3");

        var list = prompts.EnumerateArray().ToList();
        Assert.Equal(3, list.Count);
        Assert.All(list, p => Assert.Equal("cy", p.GetProperty("language").GetString()));
        Assert.Equal("Brawddeg rhif 4.", list[0].GetProperty("text").GetString());
        Assert.All(list, p => Assert.True(p.GetProperty("targetDurationSeconds").GetInt32() > 0));
    }

    [Fact]
    public async Task Stored_takes_count_towards_their_prompt_so_less_recorded_prompts_are_offered_first()
    {
        var staff = await StaffAsync();
        await staff.PostAsJsonAsync("/api/admin/prompts/import?language=kw", new[]
        {
            new { text = "Myttin da.", category = "conversational", difficulty = 1, targetDurationSeconds = 2 },
            new { text = "Dydh da.", category = "conversational", difficulty = 1, targetDurationSeconds = 2 },
        });
        var recorded = (await (await app.SignUpContributorAsync(["kw"], _client)).PromptsAsync(2)).Single(p => p.Text == "Myttin da.");
        foreach (var reader in new[] { await app.SignUpContributorAsync(["kw"], _client), await app.SignUpContributorAsync(["kw"], _client) })
        {
            await reader.UploadAsync(recorded.Id, GeneratedTakes.Silence());
        }

        await app.Services.GetRequiredService<PromptTallyWriter>().FlushAsync(CancellationToken.None);

        Assert.Equal(2, await app.Database.ScalarAsync<int>("SELECT recording_count FROM prompts WHERE text = 'Myttin da.'"));
        var offered = await (await app.SignUpContributorAsync(["kw"], _client)).PromptsAsync(2);
        Assert.Equal(["Dydh da.", "Myttin da."], offered.Select(p => p.Text));
    }

    [Fact]
    public async Task A_prompt_with_a_live_take_by_the_contributor_is_not_offered_again_but_a_rejected_one_is()
    {
        var staff = await StaffAsync();
        await staff.PostAsJsonAsync("/api/admin/prompts/import?language=gd", new[]
        {
            new { text = "Madainn mhath.", category = "conversational", difficulty = 1, targetDurationSeconds = 2 },
            new { text = "Oidhche mhath.", category = "conversational", difficulty = 1, targetDurationSeconds = 2 },
        });
        var contributor = await ContributorAsync(["gd"]);
        var me = await contributor.GetFromJsonAsync<JsonElement>("/api/contributors/me");
        var id = me.GetProperty("id").GetGuid();
        await app.Database.ExecuteAsync(
            "INSERT INTO recordings (id, contributor_id, prompt_id, status, duration_ms, audio_key, created_at) " +
            $"SELECT gen_random_uuid(), '{id}', p.id, 'Approved', 1500, 'k1', now() FROM prompts p WHERE p.text = 'Madainn mhath.'");
        await app.Database.ExecuteAsync(
            "INSERT INTO recordings (id, contributor_id, prompt_id, status, duration_ms, audio_key, created_at) " +
            $"SELECT gen_random_uuid(), '{id}', p.id, 'Rejected', 1500, 'k2', now() FROM prompts p WHERE p.text = 'Oidhche mhath.'");

        var prompts = await contributor.GetFromJsonAsync<JsonElement>("/api/contributors/prompts?count=10");

        Assert.Equal(["Oidhche mhath."], prompts.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task A_count_out_of_range_is_a_validation_problem(int count)
    {
        var contributor = await ContributorAsync(["en"]);

        var response = await contributor.GetAsync($"/api/contributors/prompts?count={count}");

        await response.AssertValidationProblemAsync("count");
    }
}
