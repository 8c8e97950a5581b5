using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Recording.Storage;

public static class AudioStoreSetup
{
    public static IServiceCollection AddAudioStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AudioStoreOptions>().Bind(configuration.GetSection(AudioStoreOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider != "s3" || o.S3.Bucket.Length > 0, "AudioStore:S3:Bucket is required when AudioStore:Provider is 's3'.")
            .Validate(o => o.Provider != "s3" || string.IsNullOrEmpty(o.S3.ServiceUrl) || Uri.TryCreate(o.S3.ServiceUrl, UriKind.Absolute, out _),
                "AudioStore:S3:ServiceUrl must be an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.S3.AccessKey) == string.IsNullOrEmpty(o.S3.SecretKey),
                "Set both AudioStore:S3:AccessKey and AudioStore:S3:SecretKey, or neither.")
            .ValidateOnStart();
        services.AddSingleton<FileCallThreads>(_ => new FileCallThreads());
        services.AddHostedService<UnfinishedUploadSweeper>();
        if (configuration[$"{AudioStoreOptions.Section}:Provider"] == "s3")
        {
            services.AddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<AudioStoreOptions>>().Value.S3));
            services.AddSingleton<IAudioStore, S3AudioStore>();
        }
        else
        {
            services.AddSingleton<IAudioStore, FileSystemAudioStore>();
        }

        return services;
    }

    private static AmazonS3Client CreateClient(S3AudioStoreOptions s3)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            AuthenticationRegion = s3.Region,
            // Checksums only where S3 requires them: S3-compatible services differ in which trailing checksums they accept.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(s3.ServiceUrl))
        {
            config.ServiceURL = s3.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }

        return string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }
}
