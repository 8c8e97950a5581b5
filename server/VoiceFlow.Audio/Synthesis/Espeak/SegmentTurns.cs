namespace VoiceFlow.Audio.Synthesis.Espeak;

/// <summary>Whose segment the engine synthesizes next.</summary>
internal static class SegmentTurns
{
    /// <summary>
    /// Round-robin over the requests that can take a turn, except that one that has not sounded yet goes first: the
    /// others have audio buffered ahead of their listeners (synthesis runs hundreds of times faster than real time),
    /// while a new one's listener hears nothing until its first segment is done.
    /// </summary>
    public static T? Pick<T>(List<T> active, ref int cursor, Func<T, bool> canTakeTurn, Func<T, EspeakRequest> request)
        where T : class
    {
        T? firstReady = null;
        int firstIndex = -1;
        for (int i = 0; i < active.Count; i++)
        {
            int index = (cursor + i) % active.Count;
            var candidate = active[index];
            if (!canTakeTurn(candidate))
            {
                continue;
            }

            if (!request(candidate).HasStarted)
            {
                cursor = index + 1;
                return candidate;
            }

            if (firstReady is null)
            {
                firstReady = candidate;
                firstIndex = index;
            }
        }

        if (firstReady is not null)
        {
            cursor = firstIndex + 1;
        }

        return firstReady;
    }
}
