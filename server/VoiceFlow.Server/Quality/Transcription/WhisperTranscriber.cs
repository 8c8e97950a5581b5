using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Whisper.net;
using Whisper.net.Logger;

namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>
/// Whisper (whisper.cpp through Whisper.net) on the CPU. The model is loaded once per process; transcriptions run on a
/// bounded pool of processors, so at most <see cref="TranscriptionOptions.MaxConcurrency"/> use the CPU at once.
/// </summary>
internal sealed class WhisperTranscriber : ITranscriber, IAsyncDisposable, IDisposable
{
    private const int SampleRate = 16_000;

    private readonly WhisperFactory _factory;
    private readonly WhisperProcessorPool _pool;
    private readonly FrozenSet<string> _languages;
    private readonly IDisposable _nativeLog;
    private readonly ILogger<WhisperTranscriber> _logger;
    private int _disposed;

    public WhisperTranscriber(IOptions<TranscriptionOptions> options, ILogger<WhisperTranscriber> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _nativeLog = LogProvider.AddLogger(LogNative);
        ModelName = Path.GetFileNameWithoutExtension(settings.ModelPath);
        try
        {
            _factory = WhisperFactory.FromPath(settings.ModelPath!);
            _languages = WhisperFactory.GetSupportedLanguages().ToFrozenSet(StringComparer.Ordinal);
            _pool = new WhisperProcessorPool(settings.MaxConcurrency, () => BuildProcessor(settings.Threads), logger);
            _pool.Warm();
        }
        catch (Exception ex)
        {
            _factory?.Dispose();
            _nativeLog.Dispose();
            if (ex is WhisperModelLoadException)
            {
                throw new InvalidOperationException(
                    $"{TranscriptionOptions.Section}:ModelPath '{settings.ModelPath}' could not be loaded as a Whisper ggml model.", ex);
            }

            throw;
        }

        logger.LogInformation("Speech recognition ready: model {AsrModel}, {MaxConcurrency} at once with {Threads} threads each; {WhisperRuntime}",
            ModelName, settings.MaxConcurrency, settings.Threads, WhisperFactory.GetRuntimeInfo()?.Trim());
    }

    public bool IsAvailable => true;

    public string? ModelName { get; }

    public async Task<string> TranscribeAsync(ReadOnlyMemory<float> samples, string language, CancellationToken cancellationToken)
    {
        var languageCode = LanguageCode(language);
        if (samples.IsEmpty)
        {
            return "";
        }

        var started = Stopwatch.GetTimestamp();
        var processor = await _pool.RentAsync(cancellationToken);
        var completed = false;
        try
        {
            processor.ChangeLanguage(languageCode);
            var text = new StringBuilder();
            await foreach (var segment in processor.ProcessAsync(samples, cancellationToken))
            {
                var segmentText = segment.Text.Trim();
                if (segmentText.Length > 0)
                {
                    text.Append(text.Length > 0 ? " " : "").Append(segmentText);
                }
            }

            completed = true;
            _logger.LogDebug("Transcribed {AudioSeconds:F1} s of {Language} audio in {ElapsedMs:F0} ms",
                (double)samples.Length / SampleRate, languageCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return text.ToString();
        }
        finally
        {
            if (completed)
            {
                _pool.Return(processor);
            }
            else
            {
                _pool.Retire(processor);
            }
        }
    }

    /// <summary>"en-US" → "en"; Whisper takes the ISO 639-1 code only.</summary>
    private string LanguageCode(string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        var code = language.Split('-', '_')[0].Trim().ToLowerInvariant();
        if (!_languages.Contains(code))
        {
            throw new ArgumentException($"Speech recognition does not support the language '{language}'.", nameof(language));
        }

        return code;
    }

    private WhisperProcessor BuildProcessor(int threads) =>
        _factory.CreateBuilder()
            .WithLanguage("en")
            .WithThreads(threads)
            // Each take stands alone: a reused processor must not prompt the decoder with the previous take's text.
            .WithNoContext()
            .Build();

    private void LogNative(WhisperLogLevel level, string? message)
    {
        if (level is WhisperLogLevel.Error or WhisperLogLevel.Warning && !string.IsNullOrWhiteSpace(message))
        {
            _logger.Log(level == WhisperLogLevel.Error ? LogLevel.Error : LogLevel.Warning, "whisper.cpp: {WhisperMessage}", message.Trim());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The processors share the model's native context: it is freed only once none of them can still be running.
        if (await _pool.DrainAsync())
        {
            _factory.Dispose();
        }

        _nativeLog.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
