using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>The single-node audio store: files under the data folder's <c>audio/</c>, written to a temporary name and renamed on commit.</summary>
internal sealed class FileSystemAudioStore(DataDirectory data) : IAudioStore
{
    private readonly string _root = data.Folder("audio");

    public Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, AudioUpload.WriteBufferBytes, useAsync: true);
        return Task.FromResult<AudioUpload>(new FileUpload(stream, temporary, path));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(key));
        return Task.CompletedTask;
    }

    private string PathFor(string key) => Path.Combine(_root, AudioKeys.Validate(key));

    private sealed class FileUpload(FileStream stream, string temporary, string final) : AudioUpload
    {
        private bool _committed;

        public override Stream Stream => stream;

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            await stream.DisposeAsync();
            File.Move(temporary, final, overwrite: false);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!_committed)
            {
                File.Delete(temporary);
            }
        }
    }
}
