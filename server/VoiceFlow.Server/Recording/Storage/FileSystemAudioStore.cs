using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>
/// The single-node audio store: files under the data folder's <c>audio/</c>, written to a temporary name and renamed on
/// commit. Files are opened, closed, renamed and deleted on <see cref="FileCallThreads"/>, never on a caller's thread;
/// their contents are written by whoever holds the stream (a take's storage thread). Asynchronous reads (playback) run
/// on the file call threads too; synchronous ones (the scorer's) on the reader's own thread.
/// </summary>
internal sealed class FileSystemAudioStore(DataDirectory data, FileCallThreads files) : IAudioStore
{
    private readonly string _root = data.Folder("audio");

    public async Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathFor(key);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        var stream = await files.RunAsync(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, AudioUpload.WriteBufferBytes);
        });
        return new FileUpload(files, stream, temporary, path);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        return files.RunAsync<Stream?>(() => File.Exists(path)
            ? new FileCallReadStream(files, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        return files.RunAsync(() => File.Delete(path));
    }

    private string PathFor(string key) => Path.Combine(_root, AudioKeys.Validate(key));

    private sealed class FileUpload(FileCallThreads files, FileStream stream, string temporary, string final) : AudioUpload
    {
        private bool _committed;

        public override Stream Stream => stream;

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await files.RunAsync(() =>
            {
                // The recording row that names this file is committed next: its audio must be on disk first, or a
                // power cut could leave a row whose file is empty.
                stream.Flush(flushToDisk: true);
                stream.Dispose();
                File.Move(temporary, final, overwrite: false);
            });
            _committed = true;
        }

        public override ValueTask DisposeAsync()
        {
            if (_committed)
            {
                return ValueTask.CompletedTask;
            }

            return new ValueTask(files.RunAsync(() =>
            {
                stream.Dispose();
                File.Delete(temporary);
            }));
        }
    }
}
