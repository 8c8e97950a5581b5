using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Synthesis.Espeak;

namespace VoiceFlow.Audio.Tests;

public class SegmentTurnsTests
{
    private static EspeakRequest Request(string text, int segmentsTaken = 0)
    {
        var request = new EspeakRequest(text, TextSegmenter.Split(text), "gmw/en-US", 175);
        for (int i = 0; i < segmentsTaken; i++)
        {
            request.TakeNextSegment();
        }

        return request;
    }

    [Fact]
    public void Requests_take_turns_round_robin_one_segment_each()
    {
        var active = new List<EspeakRequest> { Request("A one. A two. A three.", 1), Request("B one. B two. B three.", 1) };
        int cursor = 0;
        var order = new List<string>();
        for (int turn = 0; turn < 4; turn++)
        {
            var next = SegmentTurns.Pick(active, ref cursor, r => r.HasMoreSegments, r => r)!;
            order.Add(next.Text[..1]);
            next.TakeNextSegment();
        }

        Assert.Equal(["A", "B", "A", "B"], order);
    }

    [Fact]
    public void A_request_that_has_not_sounded_yet_goes_before_the_next_sentence_of_running_ones()
    {
        var running = Request("Running one. Running two. Running three.", 1);
        var other = Request("Other one. Other two.", 1);
        var fresh = Request("Fresh.");
        var active = new List<EspeakRequest> { running, other, fresh };
        int cursor = 0;

        Assert.Same(fresh, SegmentTurns.Pick(active, ref cursor, r => r.HasMoreSegments, r => r));
        fresh.TakeNextSegment();
        Assert.Same(running, SegmentTurns.Pick(active, ref cursor, r => r.HasMoreSegments, r => r));
    }

    [Fact]
    public void A_request_that_cannot_take_a_turn_is_skipped()
    {
        var behind = Request("Behind one. Behind two.");
        var ready = Request("Ready one. Ready two.", 1);
        int cursor = 0;

        Assert.Same(ready, SegmentTurns.Pick([behind, ready], ref cursor, r => r != behind, r => r));
        Assert.Null(SegmentTurns.Pick([behind], ref cursor, r => r != behind, r => r));
    }
}
