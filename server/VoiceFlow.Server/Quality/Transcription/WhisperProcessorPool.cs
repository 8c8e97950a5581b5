using System.Threading.Channels;
using Whisper.net;

namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>
/// At most <c>size</c> processors, handed out first come, first served. A processor holds native decoder state, so it
/// is built once and reused; one whose run did not finish normally is retired and its slot rebuilt on the next rent.
/// </summary>
internal sealed class WhisperProcessorPool
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly int _size;
    private readonly Func<WhisperProcessor> _create;
    private readonly ILogger _logger;
    // Blocked readers of a bounded channel are served in arrival order; null is a free slot without a processor yet.
    private readonly Channel<WhisperProcessor?> _slots;
    private readonly CancellationTokenSource _disposing = new();

    public WhisperProcessorPool(int size, Func<WhisperProcessor> create, ILogger logger)
    {
        _size = size;
        _create = create;
        _logger = logger;
        _slots = Channel.CreateBounded<WhisperProcessor?>(size);
        for (int i = 0; i < size; i++)
        {
            _slots.Writer.TryWrite(null);
        }
    }

    /// <summary>Builds one processor now, so a model that cannot be used fails here rather than on the first take.</summary>
    public void Warm()
    {
        if (_slots.Reader.TryRead(out var processor))
        {
            Return(processor ?? Build());
        }
    }

    public async ValueTask<WhisperProcessor> RentAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        WhisperProcessor? processor;
        try
        {
            processor = await _slots.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(WhisperProcessorPool));
        }

        return processor ?? Build();
    }

    /// <summary>Gives back a processor whose last run completed.</summary>
    public void Return(WhisperProcessor processor) => _slots.Writer.TryWrite(processor);

    /// <summary>
    /// Disposes a processor whose run was cancelled or failed; its native run may still be stopping, so the slot comes
    /// back only once disposal (which waits for that run) is done. Runs in the background: the caller is not held up.
    /// </summary>
    public void Retire(WhisperProcessor processor) => _ = RetireAsync(processor);

    private async Task RetireAsync(WhisperProcessor processor)
    {
        try
        {
            await processor.DisposeAsync();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Disposing a speech recognition processor failed");
        }
        finally
        {
            _slots.Writer.TryWrite(null);
        }
    }

    private WhisperProcessor Build()
    {
        try
        {
            return _create();
        }
        catch
        {
            _slots.Writer.TryWrite(null);
            throw;
        }
    }

    /// <summary>
    /// Waits for every slot to come back (no native run left), then disposes the processors.
    /// Returns false when runs were still going after the drain timeout; their model must then stay loaded.
    /// </summary>
    public async ValueTask<bool> DrainAsync()
    {
        await _disposing.CancelAsync();
        using var timeout = new CancellationTokenSource(DrainTimeout);
        try
        {
            for (int i = 0; i < _size; i++)
            {
                var processor = await _slots.Reader.ReadAsync(timeout.Token);
                if (processor is not null)
                {
                    await processor.DisposeAsync();
                }
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Speech recognition still running {Timeout} after shutdown began; leaving the model loaded", DrainTimeout);
            return false;
        }
    }
}
