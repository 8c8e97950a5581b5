using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Web;

/// <summary>The server with a small stand-in console build (index.html and one hashed asset).</summary>
public sealed class StandInConsoleApp : VoiceFlowApp
{
    public const string Index = "<!doctype html><html><head><title>stand-in console</title></head><body><div id=app></div></body></html>";
    public const string Asset = "console.log('stand-in');";

    public StandInConsoleApp()
    {
        Directory.CreateDirectory(Path.Combine(Root, "assets"));
        File.WriteAllText(Path.Combine(Root, "index.html"), Index);
        File.WriteAllText(Path.Combine(Root, "assets", "index-Ab12Cd34.js"), Asset);
    }

    public string Root { get; } = Path.Combine(TestEnvironment.DataRoot, "web-roots", Guid.NewGuid().ToString("N"));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Web:Root", Root)];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>The server pointed at a console folder that was never built.</summary>
public sealed class UnbuiltConsoleApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Web:Root", Path.Combine(TestEnvironment.DataRoot, "web-roots", "never-built"))];
}

public sealed class WebConsoleServingTests(StandInConsoleApp app) : IClassFixture<StandInConsoleApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/deployments")]
    [InlineData("/portal/record")]
    [InlineData("/some/page/the/app/routes")]
    public async Task Page_paths_get_index_html_revalidated_on_every_load_under_the_page_policy(string path)
    {
        using var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StandInConsoleApp.Index, await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_a_year_and_missing_files_are_not_answered_with_the_page()
    {
        var client = app.CreateClient();
        using var asset = await client.GetAsync("/assets/index-Ab12Cd34.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal(StandInConsoleApp.Asset, await asset.Content.ReadAsStringAsync());
        Assert.Contains("javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.True(asset.Headers.CacheControl is { Public: true } cache && cache.MaxAge == TimeSpan.FromDays(365)
            && cache.Extensions.Any(e => e.Name == "immutable"), $"Cache-Control: {asset.Headers.CacheControl}");

        using var missing = await client.GetAsync("/assets/index-gone.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.NotEqual("text/html", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/hubs/no-such-hub")]
    [InlineData("/connect/no-such-endpoint")]
    [InlineData("/metrics/nothing")]
    public async Task Server_paths_keep_their_own_not_found_answers(string path)
    {
        using var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Methods_a_route_does_not_take_still_answer_405_and_posts_to_pages_are_not_served()
    {
        var client = app.CreateClient();
        using var put = await client.PutAsync("/api/keys", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        using var post = await client.PostAsync("/deployments", JsonContent.Create(new { }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task The_console_reads_the_configured_gpu_types_with_their_prices_when_signed_in()
    {
        var anonymous = await app.CreateClient().GetAsync("/api/console/options");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var user = await app.CreateClient().SignUpAsync();
        var options = await app.ClientFor(user).GetFromJsonAsync<JsonElement>("/api/console/options");

        var gpus = options.GetProperty("gpuTypes").EnumerateArray()
            .ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("hourlyCostCents").GetInt32());
        Assert.Equal(91, gpus["L40S"]);
        Assert.Equal(239, gpus["H100"]);
        Assert.Equal(["serverless", "raw_compute"], options.GetProperty("deploymentTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("espeak-ng", options.GetProperty("engines").EnumerateArray().Select(e => e.GetString()));
    }
}

public sealed class WebConsoleNotBuiltTests(UnbuiltConsoleApp app) : IClassFixture<UnbuiltConsoleApp>
{
    [Fact]
    public async Task Without_a_built_console_the_api_runs_and_the_root_says_how_to_build_it()
    {
        var client = app.CreateClient();
        using var root = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        var page = await root.Content.ReadAsStringAsync();
        Assert.Contains("npm ci &amp;&amp; npm run build", page);
        Assert.Contains("clients/web", page);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(Infrastructure.Accounts.NewEmail())).StatusCode);
    }
}
