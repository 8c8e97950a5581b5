using System.Diagnostics;
using System.Text.Json;

namespace VoiceFlow.Audio.Synthesis.Espeak.Processes;

/// <summary>One running <see cref="EspeakEngineHost"/> child: its pipes, its voices and the tail of its standard error.</summary>
internal sealed class EngineHostProcess : IDisposable
{
    private const int StderrLines = 20;

    private readonly Process _process;
    private readonly FrameWriter _writer;
    private readonly FrameReader _reader;
    private readonly Queue<string> _stderr = new();

    private EngineHostProcess(Process process)
    {
        _process = process;
        _writer = new FrameWriter(process.StandardInput.BaseStream);
        _reader = new FrameReader(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderr)
            {
                _stderr.Enqueue(e.Data);
                if (_stderr.Count > StderrLines)
                {
                    _stderr.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public int SampleRate { get; private set; }

    public IReadOnlyList<VoiceInfo> Voices { get; private set; } = [];

    /// <summary>Starts a child and waits for its ready frame.</summary>
    /// <exception cref="SpeechEngineException">The process could not start or its engine could not load.</exception>
    public static async Task<EngineHostProcess> StartAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("No process was started.");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new SpeechEngineException(
                SpeechErrorCodes.EngineUnavailable, $"The espeak-ng engine process '{startInfo.FileName}' could not start: {e.Message}");
        }

        var host = new EngineHostProcess(process);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await host.ReadReadyAsync(deadline.Token);
            return host;
        }
        catch (Exception e) when (e is not SpeechEngineException && !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new SpeechEngineException(
                SpeechErrorCodes.EngineUnavailable,
                $"The espeak-ng engine process did not start ({e.Message}). {host.StandardErrorTail()}".TrimEnd());
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public ValueTask SendSegmentAsync(int tag, int rateWpm, bool endsSentence, string voiceId, string text) =>
        _writer.Begin(HostFrames.Synthesize).Int32(tag).Int32(rateWpm).Byte(endsSentence ? (byte)1 : (byte)0)
            .String(voiceId).String(text).SendAsync();

    public ValueTask SendCancelAsync(int tag) => _writer.Begin(HostFrames.Cancel).Int32(tag).SendAsync();

    public ValueTask<(byte Kind, ReadOnlyMemory<byte> Body)?> ReadAsync(CancellationToken cancellationToken) =>
        _reader.ReadAsync(cancellationToken);

    /// <summary>Why the process ended, for an error message: its exit code and last lines of standard error.</summary>
    public string DescribeExit()
    {
        string code = _process.WaitForExit(1000) ? $"exit code {_process.ExitCode}" : "still running";
        return $"{code}. {StandardErrorTail()}".TrimEnd();
    }

    public void Dispose()
    {
        try
        {
            // Closing its input ends a healthy host; the kill covers a stuck one.
            _process.StandardInput.Close();
            if (!_process.WaitForExit(500))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task ReadReadyAsync(CancellationToken cancellationToken)
    {
        var frame = await _reader.ReadAsync(cancellationToken)
            ?? throw new EndOfStreamException($"it exited first: {DescribeExit()}");
        if (frame.Kind != HostFrames.Ready)
        {
            throw new InvalidDataException($"it sent frame kind {frame.Kind} before being ready");
        }

        (int sampleRate, string voices) = ParseReady(frame.Body.Span);
        SampleRate = sampleRate;
        Voices = JsonSerializer.Deserialize<List<VoiceInfo>>(voices) ?? [];
    }

    private static (int SampleRate, string Voices) ParseReady(ReadOnlySpan<byte> span)
    {
        var body = new FrameBody(span);
        if (body.Byte() != 0)
        {
            throw new SpeechEngineException(body.String(), body.String());
        }

        return (body.Int32(), body.String());
    }

    private string StandardErrorTail()
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? "" : "Its standard error ended with: " + string.Join(" | ", _stderr);
        }
    }
}
