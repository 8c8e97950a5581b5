using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;

namespace VoiceFlow.Audio.Synthesis.Espeak.Processes;

/// <summary>
/// The child side of <see cref="EspeakProcessPool"/>: a process that owns one espeak-ng instance and synthesizes the
/// segments its parent sends over standard input, one at a time, streaming audio and word events back over standard
/// output (<see cref="HostFrames"/>). It exits when its input ends, so it never outlives the parent, and ignores
/// SIGTERM and SIGINT, which reach the whole process group when the parent is stopped: the parent ends it.
/// </summary>
public static class EspeakEngineHost
{
    /// <summary>The command-line switch that makes a VoiceFlow executable run as an engine host.</summary>
    public const string Switch = "--espeak-engine-host";

    /// <summary>How to start <paramref name="hostAssembly"/> (a program that calls <see cref="RunAsync"/> when given <see cref="Switch"/>) as a host.</summary>
    public static ProcessStartInfo StartInfo(string dotnet, string hostAssembly)
    {
        var start = new ProcessStartInfo(dotnet) { ArgumentList = { hostAssembly, Switch } };

        // A small single-purpose process: workstation GC keeps it to a few megabytes.
        start.Environment["DOTNET_gcServer"] = "0";
        return start;
    }

    public static async Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => signal.Cancel = true);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => signal.Cancel = true);
        var writer = new FrameWriter(output);
        EspeakEngine engine;
        try
        {
            engine = new EspeakEngine();
        }
        catch (SpeechEngineException e)
        {
            await writer.Begin(HostFrames.Ready).Byte(1).String(e.Code).String(e.Message).SendAsync();
            return 1;
        }

        using (engine)
        {
            string voices = JsonSerializer.Serialize(engine.ListVoices());
            await writer.Begin(HostFrames.Ready).Byte(0).Int32(engine.SampleRate).String(voices).SendAsync();
            var session = new HostSession(engine, writer);
            var commands = Task.Run(() => session.ReadCommandsAsync(new FrameReader(input), cancellationToken), cancellationToken);
            await session.SynthesizeAsync(cancellationToken);
            await commands;
        }

        return 0;
    }

    private sealed record SegmentCommand(int Tag, int RateWpm, bool EndsSentence, string VoiceId, string Text);

    private sealed class HostSession(EspeakEngine engine, FrameWriter writer)
    {
        private readonly Channel<SegmentCommand> _queue = Channel.CreateUnbounded<SegmentCommand>(new() { SingleReader = true, SingleWriter = true });
        private readonly Lock _gate = new();
        private readonly HashSet<int> _cancelledTags = [];
        private CancellationTokenSource? _current;
        private int _currentTag = -1;

        public async Task ReadCommandsAsync(FrameReader reader, CancellationToken cancellationToken)
        {
            try
            {
                while (await reader.ReadAsync(cancellationToken) is { } frame)
                {
                    var body = new FrameBody(frame.Body.Span);
                    if (frame.Kind == HostFrames.Synthesize)
                    {
                        var command = new SegmentCommand(body.Int32(), body.Int32(), body.Byte() != 0, body.String(), body.String());
                        _queue.Writer.TryWrite(command);
                    }
                    else if (frame.Kind == HostFrames.Cancel)
                    {
                        CancelTag(body.Int32());
                    }
                }
            }
            finally
            {
                // The parent is gone (or closed our input): stop what runs and exit.
                _queue.Writer.TryComplete();
                lock (_gate)
                {
                    _current?.Cancel();
                }
            }
        }

        public async Task SynthesizeAsync(CancellationToken cancellationToken)
        {
            await foreach (var command in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                lock (_gate)
                {
                    _current = cancellation;
                    _currentTag = command.Tag;
                    if (_cancelledTags.Contains(command.Tag))
                    {
                        cancellation.Cancel();
                    }

                    // Tags only grow: a cancel that arrived after its segment was done is dropped here.
                    _cancelledTags.RemoveWhere(tag => tag <= command.Tag);
                }

                var (status, code, message) = await RunAsync(command, cancellation.Token);
                lock (_gate)
                {
                    _current = null;
                    _currentTag = -1;
                }

                await writer.Begin(HostFrames.Done).Int32(command.Tag).Byte((byte)status).String(code).String(message).SendAsync();
            }
        }

        private async Task<(DoneStatus Status, string Code, string Message)> RunAsync(SegmentCommand command, CancellationToken cancellationToken)
        {
            try
            {
                var chunks = engine.SynthesizeSegment(command.Text, command.EndsSentence, command.VoiceId, command.RateWpm, cancellationToken);
                await foreach (var chunk in chunks)
                {
                    writer.Begin(HostFrames.Audio).Int32(command.Tag).Int32(chunk.Samples.Length).Int32(chunk.Words.Count).Samples(chunk.Samples);
                    foreach (var word in chunk.Words)
                    {
                        writer.Int32(word.TextOffset).Int32(word.TextLength).Int64(word.StartSample);
                    }

                    await writer.SendAsync();
                }

                return (DoneStatus.Completed, "", "");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (DoneStatus.Cancelled, "", "");
            }
            catch (SpeechEngineException e)
            {
                return (DoneStatus.Failed, e.Code, e.Message);
            }
        }

        private void CancelTag(int tag)
        {
            lock (_gate)
            {
                if (_currentTag == tag)
                {
                    _current?.Cancel();
                }
                else
                {
                    // Not started yet: the parent may cancel a segment it has just sent.
                    _cancelledTags.Add(tag);
                }
            }
        }
    }
}
