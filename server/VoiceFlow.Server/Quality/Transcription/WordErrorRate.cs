namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>Word error rate of a transcript against the text that was meant to be read.</summary>
public static class WordErrorRate
{
    /// <summary>
    /// Word-level edit distance (substitutions + deletions + insertions) divided by the number of reference words,
    /// after both sides went through <see cref="EnglishTextNormalizer"/>. A reference without words gives 0 when the
    /// hypothesis has none either, else 1. May exceed 1 (a hypothesis longer than the reference).
    /// </summary>
    public static double Compute(string reference, string hypothesis)
    {
        var expected = Words(reference);
        var heard = Words(hypothesis);
        if (expected.Length == 0)
        {
            return heard.Length == 0 ? 0 : 1;
        }

        return (double)EditDistance(expected, heard) / expected.Length;
    }

    /// <summary>1 − WER, clipped to [0, 1].</summary>
    public static double MatchRatio(string reference, string hypothesis) => Math.Clamp(1 - Compute(reference, hypothesis), 0, 1);

    private static string[] Words(string text) =>
        EnglishTextNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static int EditDistance(string[] reference, string[] hypothesis)
    {
        // Two rows of the Levenshtein table: distances from reference[..i] to every prefix of the hypothesis.
        var previous = new int[hypothesis.Length + 1];
        var current = new int[hypothesis.Length + 1];
        for (int j = 0; j <= hypothesis.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= reference.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= hypothesis.Length; j++)
            {
                int substitution = previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[hypothesis.Length];
    }
}
