using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using VoiceFlow.Server.Infrastructure.Hosting;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Tests.Recording;

public sealed class FileCallThreadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_call_runs_on_a_dedicated_thread_and_its_caller_resumes_on_the_pool()
    {
        using var files = new FileCallThreads();

        var (name, onPool) = await files.RunAsync(() => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));

        Assert.StartsWith("Audio file calls", name);
        Assert.False(onPool);
        Assert.True(Thread.CurrentThread.IsThreadPoolThread);
        Assert.DoesNotContain("Audio file calls", Thread.CurrentThread.Name ?? "");
    }

    [Fact]
    public async Task A_failing_call_fails_the_callers_task_with_its_exception()
    {
        using var files = new FileCallThreads();

        var failure = await Assert.ThrowsAsync<IOException>(() => files.RunAsync(() => throw new IOException("No space left on device")));

        Assert.Equal("No space left on device", failure.Message);
    }

    [Fact]
    public async Task A_call_stuck_on_the_disk_holds_up_neither_its_caller_nor_a_call_on_the_other_thread()
    {
        using var files = new FileCallThreads(threads: 2);
        using var disk = new ManualResetEventSlim();

        var stuck = files.RunAsync(() => disk.Wait(Patience));
        var other = await files.RunAsync(() => 42).WaitAsync(Patience);

        Assert.Equal(42, other);
        Assert.False(stuck.IsCompleted);
        disk.Set();
        Assert.True(await stuck.WaitAsync(Patience));
    }

    [Fact]
    public async Task Calls_made_after_shutdown_still_run()
    {
        var files = new FileCallThreads();
        files.Dispose();

        Assert.Equal(7, await files.RunAsync(() => 7));
    }

    [Fact]
    public async Task The_file_store_opens_renames_and_deletes_files_only_on_the_file_call_threads()
    {
        using var root = new TemporaryFolder();
        using var files = new FileCallThreads(threads: 1);
        var store = new FileSystemAudioStore(DataIn(root.Path), files);
        using var disk = new ManualResetEventSlim();
        _ = files.RunAsync(() => disk.Wait(Patience));

        // While the only file thread waits on the disk, nothing the store does may finish.
        var begin = store.BeginUploadAsync("recordings/2026/12/a.wav", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(begin.IsCompleted);
        Assert.Empty(Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories));

        disk.Set();
        await using var upload = await begin.WaitAsync(Patience);
        upload.Stream.Write("RIFF"u8);
        await upload.CommitAsync(CancellationToken.None).WaitAsync(Patience);

        await using (var stored = await store.OpenReadAsync("recordings/2026/12/a.wav", CancellationToken.None))
        {
            Assert.NotNull(stored);
            Assert.Equal(4, stored.Length);
        }

        await store.DeleteAsync("recordings/2026/12/a.wav", CancellationToken.None);
        Assert.Empty(Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Playback_reads_from_the_file_store_wait_on_the_file_call_threads_not_on_the_pool()
    {
        using var root = new TemporaryFolder();
        using var files = new FileCallThreads(threads: 1);
        var store = new FileSystemAudioStore(DataIn(root.Path), files);
        await using (var upload = await store.BeginUploadAsync("recordings/2026/12/b.wav", CancellationToken.None))
        {
            upload.Stream.Write("RIFF....WAVE"u8);
            await upload.CommitAsync(CancellationToken.None);
        }

        await using var stored = (await store.OpenReadAsync("recordings/2026/12/b.wav", CancellationToken.None))!;
        using var disk = new ManualResetEventSlim();
        _ = files.RunAsync(() => disk.Wait(Patience));
        var buffer = new byte[64];

        var read = stored.ReadAsync(buffer, CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(read.IsCompleted);

        disk.Set();
        Assert.Equal(12, await read.WaitAsync(Patience));
        Assert.Equal("RIFF....WAVE"u8.ToArray(), buffer[..12]);
    }

    private static DataDirectory DataIn(string folder) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["VoiceFlow:DataDirectory"] = folder }).Build(),
        new HostingEnvironment { ContentRootPath = folder });

    private sealed class TemporaryFolder : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("voiceflow-store-");

        public string Path => _folder.FullName;

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
