using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

/// <summary>
/// Kestrel and SignalR ask the logger factory for loggers on every connection they open; the node hands out one per
/// category, so a connection does not carry a dozen loggers of its own, and what is logged still reaches the log of
/// the node that logged it.
/// </summary>
public sealed class LoggerFactoryTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    [Fact]
    public void A_category_gets_one_logger_however_often_it_is_asked_for()
    {
        var factory = app.Services.GetRequiredService<ILoggerFactory>();

        var first = factory.CreateLogger("VoiceFlow.Tests.Category");

        Assert.Same(first, factory.CreateLogger("VoiceFlow.Tests.Category"));
        Assert.NotSame(first, factory.CreateLogger("VoiceFlow.Tests.Other"));
    }

    [Fact]
    public async Task What_a_cached_logger_writes_reaches_the_log()
    {
        var factory = app.Services.GetRequiredService<ILoggerFactory>();
        var marker = Guid.NewGuid().ToString("N");

        factory.CreateLogger("VoiceFlow.Tests.Category").LogInformation("Marker {Marker}", marker);
        factory.CreateLogger("VoiceFlow.Tests.Category").LogWarning("Marker again {Marker}", marker);

        await WaitForAsync(app, marker, 2);

        Assert.Equal(2, Count(app, marker));
    }

    [Fact]
    public async Task Two_nodes_in_one_process_each_log_to_their_own_sinks()
    {
        await using var second = app.SecondNode();
        _ = second.Services; // started after the first node, so a process-wide logger would now be the second's
        var first = app;
        var firstMarker = Guid.NewGuid().ToString("N");
        var secondMarker = Guid.NewGuid().ToString("N");

        await LogThroughAsync(first, firstMarker);
        await LogThroughAsync(second, secondMarker);
        await WaitForAsync(first, firstMarker, 2);
        await WaitForAsync(second, secondMarker, 2);

        Assert.Equal(2, Count(first, firstMarker));
        Assert.Equal(0, Count(first, secondMarker));
        Assert.Equal(2, Count(second, secondMarker));
        Assert.Equal(0, Count(second, firstMarker));
    }

    /// <summary>One event from a logger the node hands out for a new category, one from its request log.</summary>
    private static async Task LogThroughAsync(VoiceFlowApp node, string marker)
    {
        node.Services.GetRequiredService<ILoggerFactory>().CreateLogger($"VoiceFlow.Tests.{marker}")
            .LogInformation("Marker {Marker}", marker);
        await node.CreateClient().GetAsync($"/api/nothing-{marker}", TestContext.Current.CancellationToken);
    }

    // The console is written from a thread of its own; the capture may see the events a moment later.
    private static async Task WaitForAsync(VoiceFlowApp node, string marker, int count)
    {
        for (int i = 0; i < 100 && Count(node, marker) < count; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static int Count(VoiceFlowApp node, string marker) =>
        node.Logs.Lines.Count(line => line.Contains(marker, StringComparison.Ordinal));
}
