namespace VoiceFlow.Server.Recording.Storage;

/// <summary>Where takes live. Keys are built by the server (never from user input).</summary>
public interface IAudioStore
{
    /// <summary>Starts writing a new object; nothing is visible under the key until <see cref="AudioUpload.CommitAsync"/>.</summary>
    Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken);

    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>An object being written. Disposing it without committing discards what was written.</summary>
public abstract class AudioUpload : IAsyncDisposable
{
    /// <summary>
    /// The write buffer of a file-backed upload: small, because writers hand over blocks of about a second and a
    /// larger buffer would only be one more allocation per take.
    /// </summary>
    public const int WriteBufferBytes = 4096;

    public abstract Stream Stream { get; }

    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
