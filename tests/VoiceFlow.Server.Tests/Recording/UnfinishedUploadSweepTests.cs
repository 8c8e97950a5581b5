using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>A node that starts on a data folder where an earlier node stopped in the middle of takes.</summary>
public sealed class NodeAfterACrashApp : VoiceFlowApp
{
    private string HourFolder => Path.Combine(DataDirectory, "audio", "recordings", "2026", "12", "03", "09");

    public string LeftBehind => Path.Combine(HourFolder, "a.wav.1.partial");

    public string StagedLeftBehind => Path.Combine(DataDirectory, "audio-staging", "b.partial");

    public string BeingWritten => Path.Combine(HourFolder, "c.wav.2.partial");

    public string Finished => Path.Combine(HourFolder, "d.wav");

    public override async ValueTask InitializeAsync()
    {
        Leave(LeftBehind, TimeSpan.FromHours(3));
        Leave(StagedLeftBehind, TimeSpan.FromHours(2));
        Leave(BeingWritten, TimeSpan.FromMinutes(1));
        Leave(Finished, TimeSpan.FromDays(30));
        await base.InitializeAsync();
    }

    private static void Leave(string path, TimeSpan age)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[44]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
    }
}

public sealed class UnfinishedUploadSweepTests(NodeAfterACrashApp app) : IClassFixture<NodeAfterACrashApp>
{
    [Fact]
    public async Task A_starting_node_removes_take_files_left_half_written_long_ago_and_nothing_else()
    {
        await TakeChunks.WaitUntilAsync(
            () => app.Logs.Lines.Any(line => line.Contains("Removed 2 unfinished take files", StringComparison.Ordinal)), "the sweep's report");

        Assert.False(File.Exists(app.LeftBehind));
        Assert.False(File.Exists(app.StagedLeftBehind));
        Assert.True(File.Exists(app.BeingWritten));
        Assert.True(File.Exists(app.Finished));
    }
}
