using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>Keeps every log event the host writes, rendered with its properties, to check what reaches the logs.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        _lines.Enqueue($"{logEvent.Level} {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {properties} {logEvent.Exception}");
    }
}
