using VoiceFlow.Server.Deployments.Providers.Local;

namespace VoiceFlow.Server.Tests.Deployments;

public sealed class LocalWorkerFilesTests
{
    [Fact]
    public void The_worker_is_found_next_to_the_server_or_where_configured_and_only_if_it_can_run()
    {
        var beside = LocalWorkerFiles.FindWorker("");
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, LocalWorkerFiles.WorkerDll), beside);

        Assert.Equal(beside, LocalWorkerFiles.FindWorker(AppContext.BaseDirectory));
        Assert.Null(LocalWorkerFiles.FindWorker(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), LocalWorkerFiles.WorkerDll)));
        Assert.True(File.Exists(LocalWorkerFiles.FindDotnet("")) || LocalWorkerFiles.FindDotnet("") == "dotnet");
    }
}
