using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>Settings of the <c>AudioStore</c> section.</summary>
public sealed class AudioStoreOptions
{
    public const string Section = "AudioStore";

    /// <summary><c>filesystem</c> (under the data folder, one node) or <c>s3</c> (any S3-compatible service, for several nodes).</summary>
    [Required, RegularExpression("^(filesystem|s3)$", ErrorMessage = "AudioStore:Provider must be 'filesystem' or 's3'.")]
    public string Provider { get; set; } = "filesystem";

    public S3AudioStoreOptions S3 { get; set; } = new();
}

public sealed class S3AudioStoreOptions
{
    /// <summary>The service URL for MinIO and other S3-compatible services, e.g. <c>http://127.0.0.1:9000</c>; empty for AWS.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "";

    /// <summary>Prepended to every key, e.g. <c>voiceflow/</c>, to share a bucket.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Empty: the SDK's default credential chain (environment, instance profile).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style URLs (<c>host/bucket/key</c>), which MinIO and most self-hosted services need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
