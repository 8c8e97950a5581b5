using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>
/// Takes in an S3-compatible bucket (AWS, MinIO, …), shared by every node. A take is written to a node-local staging
/// file while it streams (the WAV header is patched at the end) and uploaded in one request on commit, so the bucket
/// never holds half a take. The staging file is opened, closed and deleted on <see cref="FileCallThreads"/>.
/// </summary>
internal sealed class S3AudioStore(IAmazonS3 s3, IOptions<AudioStoreOptions> options, DataDirectory data, FileCallThreads files) : IAudioStore
{
    private readonly S3AudioStoreOptions _settings = options.Value.S3;
    private readonly string _staging = data.Folder("audio-staging");

    public async Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var objectKey = ObjectKey(key);
        var file = Path.Combine(_staging, $"{Guid.NewGuid():N}.partial");
        var stream = await files.RunAsync(() => new FileStream(file, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, AudioUpload.WriteBufferBytes));
        return new StagedUpload(this, files, stream, file, objectKey);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(_settings.Bucket, ObjectKey(key), cancellationToken);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(_settings.Bucket, ObjectKey(key), cancellationToken);

    private string ObjectKey(string key) => _settings.Prefix + AudioKeys.Validate(key);

    private Task PutAsync(string file, string objectKey, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _settings.Bucket,
            Key = objectKey,
            FilePath = file,
            ContentType = "audio/wav",
            UseChunkEncoding = false,
        }, cancellationToken);

    private sealed class StagedUpload(S3AudioStore store, FileCallThreads files, FileStream stream, string file, string objectKey) : AudioUpload
    {
        public override Stream Stream => stream;

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await files.RunAsync(() =>
            {
                stream.Flush();
                stream.Dispose();
            });
            await store.PutAsync(file, objectKey, cancellationToken);
        }

        public override ValueTask DisposeAsync() => new(files.RunAsync(() =>
        {
            stream.Dispose();
            File.Delete(file);
        }));
    }

    /// <summary>The object's body; disposing it releases the HTTP response.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _body = response.ResponseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _body.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _body.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _body.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _body.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
