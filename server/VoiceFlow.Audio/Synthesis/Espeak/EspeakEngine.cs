using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.Audio.Synthesis.Espeak;

/// <summary>
/// espeak-ng through P/Invoke to libespeak-ng.so.1 (Debian: libespeak-ng1 and espeak-ng-data). All instances
/// share one process-wide synthesis thread, which serves concurrent requests fairly (see <see cref="EspeakWorker"/>).
/// Output is mono PCM16 at the engine's native rate (22050 Hz).
/// </summary>
public sealed class EspeakEngine : ISpeechEngine
{
    private static readonly Lazy<bool> LibraryLoads = new(() => NativeLibrary.TryLoad(EspeakNative.LibraryName, out _));

    private readonly EspeakWorker _worker;
    private readonly CancellationTokenSource _disposed = new();

    /// <exception cref="SpeechEngineException">libespeak-ng.so.1 or its data is not installed (<see cref="SpeechErrorCodes.EngineUnavailable"/>).</exception>
    public EspeakEngine()
    {
        if (!IsAvailable)
        {
            throw MissingLibraryError();
        }

        _worker = EspeakWorker.Instance;
    }

    /// <summary>Whether libespeak-ng.so.1 can be loaded on this machine.</summary>
    public static bool IsAvailable => LibraryLoads.Value;

    public string Name => "espeak-ng";

    public int SampleRate => _worker.SampleRate;

    public IReadOnlyList<VoiceInfo> ListVoices() => _worker.Voices;

    public IAsyncEnumerable<SynthesisChunk> SynthesizeAsync(
        string text,
        string voice,
        SpeechOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return Stream(EspeakRequest.For(text, voice, options, _worker.Voices), cancellationToken);
    }

    /// <summary>Synthesizes one segment as it is, with a resolved voice id and rate (for an engine host process).</summary>
    internal IAsyncEnumerable<SynthesisChunk> SynthesizeSegment(
        string text, bool endsSentence, string voiceId, int rateWpm, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var request = new EspeakRequest(text, [new TextSegment(0, text.Length, endsSentence)], voiceId, rateWpm);
        return Stream(request, cancellationToken);
    }

    public void Dispose() => _disposed.Cancel();

    internal static SpeechEngineException MissingLibraryError() => new(
        SpeechErrorCodes.EngineUnavailable,
        $"The espeak-ng library {EspeakNative.LibraryName} could not be loaded. Install the Debian package libespeak-ng1 "
        + "with its voice data: apt-get install -y libespeak-ng1 espeak-ng-data.");

    private async IAsyncEnumerable<SynthesisChunk> Stream(EspeakRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        _worker.Enqueue(request);
        await foreach (var chunk in request.ReadAllAsync(_worker.Wake, linked.Token))
        {
            yield return chunk;
        }
    }
}
