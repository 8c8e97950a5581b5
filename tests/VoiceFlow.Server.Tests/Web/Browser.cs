using System.Diagnostics;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Web;

/// <summary>
/// Runs a Playwright script of tests/browser with Node.js against Debian's Chromium. The script prints one JSON line
/// (what it saw, and the screenshots it saved); a failing script says which step failed and leaves a screenshot.
/// </summary>
public static class Browser
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(JsClient.ScriptsFolder, "..", "browser"));

    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(JsClient.ScriptsFolder, "..", ".."));

    /// <summary>The console build the browser tests serve (./test.sh builds it).</summary>
    public static string ConsoleBuild { get; } = Path.Combine(RepositoryRoot, "clients", "web", "dist");

    public static string Chromium { get; } = Environment.GetEnvironmentVariable("VOICEFLOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Screenshots go with the test results: $VOICEFLOW_TEST_DATA/test-results/screenshots/&lt;name&gt;.</summary>
    public static string Screenshots(string name) => Path.Combine(TestEnvironment.DataRoot, "test-results", "screenshots", name);

    public static void SkipUnlessAvailable()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"Chromium is not installed at {Chromium}: run ./test.sh (it installs Debian's chromium package).");
        }

        if (!File.Exists(Path.Combine(ConsoleBuild, "index.html")))
        {
            Assert.Skip("The web console is not built: run ./test.sh (or 'npm ci && npm run build' in clients/web).");
        }

        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")))
        {
            Assert.Skip("playwright-core is not installed: run ./test.sh (it runs npm ci in tests/browser).");
        }
    }

    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["VOICEFLOW_CHROMIUM"] = Chromium;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} ran for more than 3 minutes. Steps: {await errors}");
        }

        var text = (await output).Trim();
        var result = text.Length > 0 ? JsonDocument.Parse(text.Split('\n')[^1]).RootElement : default;
        Assert.True(process.ExitCode == 0 && result.ValueKind == JsonValueKind.Object && result.GetProperty("ok").GetBoolean(),
            $"node {script} failed (exit {process.ExitCode}).\nSteps:\n{await errors}\nResult: {text}");
        return result;
    }
}
