using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Server.ApiKeys;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Realtime;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Tts;

/// <summary>The API key a hub call comes with.</summary>
public sealed record TtsCaller(Guid KeyId, Guid TeamId);

/// <summary>A validated request: the output format and where the voice lives.</summary>
/// <param name="VoiceId">The engine's voice id, or null when a deployment synthesizes.</param>
public sealed record TtsJob(TtsFormat Format, string Voice, string? VoiceId, Guid? DeploymentId);

/// <summary>
/// Runs synthesis streams: checks the key and the plan's limits before anything is sent, then feeds the engine's (or the
/// deployment's) audio through a <see cref="TtsChunkEncoder"/>, and meters what was sent.
/// </summary>
public sealed class TtsService(
    TtsVoiceCatalog catalog, ISpeechEngine engine, IServiceScopeFactory scopes, ITtsStreamSlots slots,
    TtsMonthlyCounters counters, TtsUsageQueue usage, ApiKeyUsageTracker keyUsage, IHttpClientFactory httpClients,
    IOptions<TtsOptions> options, TimeProvider clock, ILogger<TtsService> logger)
{
    private const int MaxVoiceLength = 200;
    private readonly IOptions<TtsOptions> _options = options;
    private readonly TtsMonthlyCounters _counters = counters;
    private readonly TtsUsageQueue _usage = usage;

    public IReadOnlyList<TtsVoice> Voices => catalog.Voices;

    /// <summary>Checks a request's voice, format and deployment id; throws <c>invalid_request</c>.</summary>
    public TtsJob Validate(string? voice, string? format, string? deploymentId)
    {
        var outputFormat = TtsFormat.Find(format)
            ?? throw HubErrors.Error(HubErrors.InvalidRequest, $"Unknown format '{Shorten(format)}'; use one of {TtsFormat.Names}.");
        if (string.IsNullOrWhiteSpace(voice) || voice.Length > MaxVoiceLength)
        {
            throw HubErrors.Error(HubErrors.InvalidRequest, "A voice is required; see Voices().");
        }

        voice = voice.Trim();
        if (!string.IsNullOrWhiteSpace(deploymentId))
        {
            return Guid.TryParse(deploymentId, out var id)
                ? new TtsJob(outputFormat, voice, null, id)
                : throw HubErrors.Error(HubErrors.InvalidRequest, "deploymentId must be a UUID.");
        }

        var voiceId = catalog.Resolve(voice)
            ?? throw HubErrors.Error(HubErrors.InvalidRequest, $"Unknown voice '{Shorten(voice)}'; use an id, name or language from Voices().");
        return new TtsJob(outputFormat, voice, voiceId, null);
    }

    /// <summary>Checks a request's text; throws <c>invalid_request</c>.</summary>
    public string ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw HubErrors.Error(HubErrors.InvalidRequest, "The text is empty.");
        }

        int max = _options.Value.MaxTextChars;
        return text.Length <= max
            ? text
            : throw HubErrors.Error(HubErrors.InvalidRequest, $"The text has {text.Length} characters; the most is {max}.");
    }

    public IAsyncEnumerable<TtsChunk> SynthesizeAsync(TtsCaller caller, TtsJob job, string text, CancellationToken cancellationToken) =>
        Guarded.Map(SynthesizeCoreAsync(caller, job, text, cancellationToken), Translate, cancellationToken);

    public IAsyncEnumerable<TtsChunk> SynthesizeTextAsync(TtsCaller caller, TtsJob job, IAsyncEnumerable<string> text, CancellationToken cancellationToken) =>
        Guarded.Map(SynthesizeTextCoreAsync(caller, job, text, cancellationToken), Translate, cancellationToken);

    private async IAsyncEnumerable<TtsChunk> SynthesizeCoreAsync(
        TtsCaller caller, TtsJob job, string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(caller, job, TtsUsageEvent.Synthesize, cancellationToken);
        stream.Characters = text.Length;
        await foreach (var chunk in stream.SynthesizeUnitAsync(text, cancellationToken))
        {
            yield return chunk;
        }

        foreach (var chunk in stream.Complete())
        {
            yield return chunk;
        }
    }

    private async IAsyncEnumerable<TtsChunk> SynthesizeTextCoreAsync(
        TtsCaller caller, TtsJob job, IAsyncEnumerable<string> text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(caller, job, TtsUsageEvent.SynthesizeText, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = ReadSentencesAsync(text, sentences.Writer, stream, stop.Token);
        try
        {
            // Throws what ended the text stream badly (too long), after the sentences before it.
            while (await sentences.Reader.WaitToReadAsync(cancellationToken))
            {
                while (sentences.Reader.TryRead(out var sentence))
                {
                    await foreach (var chunk in stream.SynthesizeUnitAsync(sentence, cancellationToken))
                    {
                        yield return chunk;
                    }
                }
            }

            if (stream.Units == 0)
            {
                throw HubErrors.Error(HubErrors.InvalidRequest, "The text stream sent no text.");
            }

            foreach (var chunk in stream.Complete())
            {
                yield return chunk;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    /// <summary>Reads the client's text stream into sentences; never throws (errors complete the channel).</summary>
    private async Task ReadSentencesAsync(IAsyncEnumerable<string> text, ChannelWriter<string> sentences, TtsStream stream, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            int max = _options.Value.MaxTextChars;
            var idle = _options.Value.SentenceIdleFlush;
            var assembler = new SentenceAssembler();
            var completed = new List<string>();
            await using var pieces = text.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                var next = pieces.MoveNextAsync().AsTask();
                if (!next.IsCompleted && idle > TimeSpan.Zero && assembler.EndsSentence())
                {
                    // A sentence may be complete ("… costs 3." could go on as "3.5"): wait a little, then send it.
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var first = await Task.WhenAny(next, Task.Delay(idle, clock, wait.Token));
                    await wait.CancelAsync();
                    if (first != next && assembler.Flush() is { } held)
                    {
                        await sentences.WriteAsync(held, cancellationToken);
                    }
                }

                if (!await next)
                {
                    break;
                }

                if (pieces.Current is not { Length: > 0 } piece)
                {
                    continue;
                }

                stream.Characters += piece.Length;
                if (stream.Characters > max)
                {
                    throw HubErrors.Error(HubErrors.InvalidRequest, $"The text stream sent more than {max} characters.");
                }

                assembler.Append(piece, completed);
                foreach (var sentence in completed)
                {
                    await sentences.WriteAsync(sentence, cancellationToken);
                }

                completed.Clear();
            }

            if (assembler.Flush() is { } rest)
            {
                await sentences.WriteAsync(rest, cancellationToken);
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            sentences.TryComplete(error);
        }
    }

    private async Task<TtsStream> OpenAsync(TtsCaller caller, TtsJob job, string kind, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();

        // Per call, not per connection: a key revoked while connected is refused here (one primary-key lookup).
        var plan = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == caller.KeyId && k.TeamId == caller.TeamId && k.RevokedAt == null)
            .Join(db.Teams, k => k.TeamId, t => t.Id, (k, t) => (Plan?)t.Plan)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw HubErrors.Error(HubErrors.Forbidden, "The API key has been revoked.");
        var limits = _options.Value.Plans.For(plan);
        var target = await TargetAsync(scope.ServiceProvider, caller, job, cancellationToken);

        var slot = await slots.TryAcquireAsync(caller.KeyId, limits.ConcurrentStreams, cancellationToken)
            ?? throw HubErrors.Error(HubErrors.QuotaExceeded,
                $"This API key already has {limits.ConcurrentStreams} streams open, the most the {PlanName(plan)} plan allows{Upgrade(plan)}.");
        TtsReservation? reservation;
        try
        {
            reservation = await _counters.TryReserveAsync(caller.TeamId, limits, cancellationToken);
        }
        catch
        {
            await slot.DisposeAsync();
            throw;
        }

        if (reservation is null)
        {
            await slot.DisposeAsync();
            throw HubErrors.Error(HubErrors.QuotaExceeded,
                $"The team has used the {limits.MonthlyRequests} requests of this month that the {PlanName(plan)} plan includes{Upgrade(plan)}.");
        }

        keyUsage.RecordUse(caller.KeyId);
        return new TtsStream(this, caller, job, kind, target, slot, reservation);
    }

    private async Task<ISpeechTarget> TargetAsync(IServiceProvider services, TtsCaller caller, TtsJob job, CancellationToken cancellationToken)
    {
        if (job.DeploymentId is not { } deploymentId)
        {
            return new EngineSpeechTarget(engine, job.VoiceId!);
        }

        var resolver = services.GetRequiredService<IDeploymentEndpointResolver>();
        var endpoint = await resolver.ResolveAsync(caller.TeamId, deploymentId, cancellationToken)
            ?? throw HubErrors.Error(HubErrors.NotFound, "The deployment does not exist, belongs to another team or is not running.");
        return new DeploymentSpeechTarget(
            httpClients.CreateClient(DeploymentSpeechTarget.HttpClientName), endpoint, job.Voice, _options.Value.DeploymentResponseTimeout);
    }

    private static string PlanName(Plan plan) => plan.ToString().ToLowerInvariant();

    private static string Upgrade(Plan plan) => plan switch
    {
        Plan.Free => "; the pro plan lifts it",
        Plan.Pro => "; the enterprise plan lifts it",
        _ => "",
    };

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>The hub error for a failure (null: let it through, e.g. a hub error or the client's cancellation).</summary>
    private Exception? Translate(Exception e)
    {
        switch (e)
        {
            case HubException or OperationCanceledException:
                return null;
            case SpeechEngineException { Code: SpeechErrorCodes.InvalidVoice } invalid:
                return HubErrors.Error(HubErrors.InvalidRequest, invalid.Message);
            case HttpRequestException or IOException:
                logger.LogWarning(e, "A deployment's worker failed during synthesis");
                return HubErrors.Error(HubErrors.Unavailable, "The deployment's worker stopped answering.");
            default:
                logger.LogError(e, "A synthesis stream failed");
                return HubErrors.Error(HubErrors.Unavailable, "Speech synthesis is unavailable right now; try again.");
        }
    }

    /// <summary>One open stream: its slot, its reservation, its encoder and what it has sent.</summary>
    private sealed class TtsStream(
        TtsService service, TtsCaller caller, TtsJob job, string kind, ISpeechTarget target, IAsyncDisposable slot, TtsReservation reservation)
        : IAsyncDisposable
    {
        private readonly TtsChunkEncoder _encoder = new(job.Format, service._options.Value.FrameMs);
        private readonly long _startedAt = StartActive(target.Engine);
        private readonly List<TtsChunk> _output = [];

        public int Characters { get; set; }

        /// <summary>Texts (sentences) given to the engine so far.</summary>
        public int Units { get; private set; }

        private static long StartActive(string engine)
        {
            TtsMetrics.ActiveStreams.WithLabels(engine).Inc();
            return Stopwatch.GetTimestamp();
        }

        public async IAsyncEnumerable<TtsChunk> SynthesizeUnitAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Units++;
            _encoder.BeginUnit();
            await foreach (var audio in target.SynthesizeAsync(text, cancellationToken))
            {
                _encoder.Append(audio, _output);
                foreach (var chunk in Take())
                {
                    yield return chunk;
                }
            }

            _encoder.EndUnit(_output);
            foreach (var chunk in Take())
            {
                yield return chunk;
            }
        }

        public IReadOnlyList<TtsChunk> Complete()
        {
            _encoder.Complete(_output);
            return Take();
        }

        private List<TtsChunk> Take()
        {
            if (_output.Count == 0)
            {
                return [];
            }

            if (_output[0].Seq == 0)
            {
                TtsMetrics.TimeToFirstAudio.WithLabels(target.Engine).Observe(Stopwatch.GetElapsedTime(_startedAt).TotalSeconds);
            }

            var chunks = _output.ToList();
            _output.Clear();
            return chunks;
        }

        public async ValueTask DisposeAsync()
        {
            TtsMetrics.ActiveStreams.WithLabels(target.Engine).Dec();
            await slot.DisposeAsync();
            if (_encoder.ChunkCount == 0)
            {
                // Nothing was sent (refused by the engine or the worker, or cancelled at once): the request does not count.
                service._counters.Release(reservation);
                return;
            }

            double seconds = _encoder.AudioSeconds;
            TtsMetrics.Characters.WithLabels(target.Engine).Inc(Characters);
            TtsMetrics.AudioSeconds.WithLabels(target.Engine).Inc(seconds);
            service._usage.Record(new TtsUsageEvent
            {
                TeamId = caller.TeamId,
                ApiKeyId = caller.KeyId,
                Kind = kind,
                Engine = target.Engine,
                DeploymentId = job.DeploymentId,
                Format = job.Format.Name,
                Characters = Characters,
                AudioSeconds = Math.Round(seconds, 3),
                Overage = reservation.Overage,
                At = reservation.At,
            }, reservation);
        }
    }
}
