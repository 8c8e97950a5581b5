using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Tests.Hosting;

public sealed class TtsWorkerFilesTests
{
    [Fact]
    public void The_worker_is_found_next_to_the_server_or_where_configured_and_only_if_it_can_run()
    {
        var beside = TtsWorkerFiles.FindWorker("");
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, TtsWorkerFiles.WorkerDll), beside);

        Assert.Equal(beside, TtsWorkerFiles.FindWorker(AppContext.BaseDirectory));
        Assert.Null(TtsWorkerFiles.FindWorker(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), TtsWorkerFiles.WorkerDll)));
        Assert.True(File.Exists(TtsWorkerFiles.FindDotnet("")) || TtsWorkerFiles.FindDotnet("") == "dotnet");
    }
}
