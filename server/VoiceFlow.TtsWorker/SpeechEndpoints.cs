using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Wav;

namespace VoiceFlow.TtsWorker;

public static partial class SpeechEndpoints
{
    public const string SampleRateHeader = "X-Sample-Rate";

    /// <summary>OpenAI voice names; a request naming one gets the default voice.</summary>
    private static readonly HashSet<string> OpenAiVoices = new(StringComparer.OrdinalIgnoreCase)
    {
        "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
    };

    public static IEndpointRouteBuilder MapSpeech(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Health);
        app.MapGet("/v1/voices", Voices);
        app.MapPost("/v1/audio/speech", Speech);
        return app;
    }

    private static IResult Health(WorkerReadiness readiness, IOptions<WorkerOptions> options)
    {
        var body = new WorkerHealth(readiness.State, "espeak-ng", options.Value.SampleRate, readiness.Error);
        return readiness.IsReady ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Voices(ISpeechEngine engine) =>
        TypedResults.Ok(new VoiceList(engine.Name, engine.ListVoices().Select(v => new WorkerVoice(v.Id, v.Name, v.Language, v.Gender)).ToList()));

    private static async Task Speech(
        SpeechRequest request, HttpContext http, ISpeechEngine engine, WorkerReadiness readiness, IOptions<WorkerOptions> options,
        ILoggerFactory loggers)
    {
        var settings = options.Value;
        var error = Validate(request, settings);
        if (error is not null)
        {
            await TypedResults.BadRequest(error).ExecuteAsync(http);
            return;
        }

        if (!readiness.IsReady)
        {
            await TypedResults.Json(new OpenAiError(new OpenAiErrorBody("The worker is warming up.", "server_error", null, "not_ready")),
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }

        var voice = string.IsNullOrWhiteSpace(request.Voice) || OpenAiVoices.Contains(request.Voice) ? settings.DefaultVoice : request.Voice;
        var wav = string.Equals(request.ResponseFormat, "wav", StringComparison.OrdinalIgnoreCase);
        var cancel = http.RequestAborted;
        IAsyncEnumerator<SynthesisChunk> chunks;
        try
        {
            chunks = engine.SynthesizeAsync(request.Input!, voice, new SpeechOptions(request.Speed ?? 1.0), cancel).GetAsyncEnumerator(cancel);
        }
        catch (SpeechEngineException e) when (e.Code == SpeechErrorCodes.InvalidVoice)
        {
            await TypedResults.BadRequest(OpenAiError.Invalid(e.Message, "voice")).ExecuteAsync(http);
            return;
        }

        var logger = loggers.CreateLogger("VoiceFlow.TtsWorker.Speech");
        await using (chunks)
        {
            http.Response.ContentType = wav ? "audio/wav" : "audio/pcm";
            http.Response.Headers[SampleRateHeader] = settings.SampleRate.ToString(CultureInfo.InvariantCulture);
            var body = http.Response.Body;
            if (wav)
            {
                await body.WriteAsync(WavHeader.CreatePcm16(settings.SampleRate), cancel);
            }

            StreamingResampler? resampler = null;
            var buffer = new ArrayBufferWriter<short>(8192);
            long samples = 0;
            try
            {
                while (await chunks.MoveNextAsync())
                {
                    var chunk = chunks.Current;
                    resampler ??= new StreamingResampler(chunk.SampleRate, settings.SampleRate);
                    buffer.ResetWrittenCount();
                    resampler.Process(chunk.Samples, buffer);
                    samples += buffer.WrittenCount;
                    await WriteAsync(body, buffer, cancel);
                }

                if (resampler is not null)
                {
                    buffer.ResetWrittenCount();
                    resampler.Flush(buffer);
                    samples += buffer.WrittenCount;
                    await WriteAsync(body, buffer, cancel);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
            catch (SpeechEngineException e)
            {
                // Headers are gone already; cutting the stream short is the only signal left.
                LogSynthesisFailed(logger, e.Message);
                http.Abort();
                return;
            }

            LogSynthesized(logger, request.Input!.Length, Pcm16.SamplesToMilliseconds(samples, settings.SampleRate), wav ? "wav" : "pcm");
        }
    }

    private static async Task WriteAsync(Stream body, ArrayBufferWriter<short> samples, CancellationToken cancellationToken)
    {
        if (samples.WrittenCount == 0)
        {
            return;
        }

        await body.WriteAsync(Pcm16.ToBytes(samples.WrittenSpan), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static OpenAiError? Validate(SpeechRequest request, WorkerOptions settings)
    {
        if (string.IsNullOrWhiteSpace(request.Input))
        {
            return OpenAiError.Invalid("'input' is required.", "input", "missing_required_parameter");
        }

        if (request.Input.Length > settings.MaxInputLength)
        {
            return OpenAiError.Invalid($"'input' is longer than {settings.MaxInputLength} characters.", "input");
        }

        if (request.ResponseFormat is { } format && !format.Equals("pcm", StringComparison.OrdinalIgnoreCase)
            && !format.Equals("wav", StringComparison.OrdinalIgnoreCase))
        {
            return OpenAiError.Invalid($"Unsupported response_format '{format}': this worker sends 'pcm' or 'wav'.", "response_format");
        }

        if (request.Speed is { } speed && (speed < 0.25 || speed > 4.0 || double.IsNaN(speed)))
        {
            return OpenAiError.Invalid("'speed' must be between 0.25 and 4.0.", "speed");
        }

        return null;
    }

    [LoggerMessage(LogLevel.Information, "Synthesized {Characters} characters into {AudioMs:0} ms of {Format}")]
    private static partial void LogSynthesized(ILogger logger, int characters, double audioMs, string format);

    [LoggerMessage(LogLevel.Error, "Synthesis failed: {Error}")]
    private static partial void LogSynthesisFailed(ILogger logger, string error);
}
