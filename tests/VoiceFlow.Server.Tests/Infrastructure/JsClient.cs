using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>
/// Runs a script of tests/js with Node.js: the official JavaScript SignalR client talking to a real server port.
/// A non-.NET client on the other end is what proves the wire format (camelCase keys, bytes) in both protocols.
/// </summary>
public static class JsClient
{
    public static string ScriptsFolder { get; } = Path.Combine(
        typeof(JsClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "tests", "js");

    public static void SkipUnlessAvailable()
    {
        if (!Directory.Exists(Path.Combine(ScriptsFolder, "node_modules", "@microsoft", "signalr")))
        {
            Assert.Skip("The JavaScript client is not installed: run ./test.sh (it runs npm ci in tests/js).");
        }
    }

    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = ScriptsFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node {script} failed: {await errors}");
        return JsonDocument.Parse(await output).RootElement;
    }
}
