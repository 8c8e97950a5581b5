namespace VoiceFlow.Audio.Synthesis;

/// <summary>A slice of the request text synthesized in one engine call.</summary>
/// <param name="EndsSentence">True when the slice ends a sentence (the engine then adds a sentence pause).</param>
public readonly record struct TextSegment(int Offset, int Length, bool EndsSentence);

/// <summary>
/// Splits text into sentences, and sentences longer than a limit at a comma or space, so a scheduler can
/// interleave several requests segment by segment.
/// </summary>
public static class TextSegmenter
{
    public const int DefaultMaxLength = 200;

    public static IReadOnlyList<TextSegment> Split(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 16);
        var segments = new List<TextSegment>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (IsSentenceEnd(text, i))
            {
                AddSentence(text, start, i + 1, maxLength, segments);
                start = i + 1;
            }
        }

        AddSentence(text, start, text.Length, maxLength, segments);
        return segments;
    }

    private static bool IsSentenceEnd(string text, int i)
    {
        char c = text[i];
        if (c == '\n')
        {
            return true;
        }

        bool terminator = c is '.' or '!' or '?' or ';' or '。' or '！' or '？' or '；' or '…';
        return terminator && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || c > '\u3000');
    }

    private static void AddSentence(string text, int start, int end, int maxLength, List<TextSegment> segments)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        while (end - start > maxLength)
        {
            int cut = FindCut(text, start, start + maxLength);
            int next = cut;
            while (next < end && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            int pieceEnd = cut;
            while (pieceEnd > start && char.IsWhiteSpace(text[pieceEnd - 1]))
            {
                pieceEnd--;
            }

            segments.Add(new TextSegment(start, pieceEnd - start, EndsSentence: false));
            start = next;
        }

        if (end > start)
        {
            segments.Add(new TextSegment(start, end - start, EndsSentence: true));
        }
    }

    /// <summary>The best place to cut before <paramref name="limit"/>: after a comma, else at a space, else anywhere safe.</summary>
    private static int FindCut(string text, int start, int limit)
    {
        int minimum = start + ((limit - start) / 2);
        for (int i = limit - 1; i > minimum; i--)
        {
            if (text[i] is ',' or '，' or '、' or ':' or '：' && char.IsWhiteSpace(text[i + 1]))
            {
                return i + 1;
            }
        }

        for (int i = limit; i > minimum; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return char.IsLowSurrogate(text[limit]) ? limit - 1 : limit;
    }
}
