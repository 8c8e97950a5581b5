using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Threading;

namespace VoiceFlow.Server.Recording;

/// <summary>The threads that resample takes and write them to the audio store, scheduled below the hubs (<see cref="TakeWriter"/>).</summary>
public sealed class TakeStorageThreads(IOptions<RecordingOptions> options) : IDisposable
{
    public LowPriorityScheduler Scheduler { get; } = new("Take storage", Environment.ProcessorCount, options.Value.StorageNice);

    public void Dispose() => Scheduler.Dispose();
}
