using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>
/// Brings a prompt and a transcript to one spelling before they are compared word by word, in the spirit of Whisper's
/// English text normalizer. What matters is that both sides get the same treatment:
/// <list type="bullet">
/// <item>lower case, accents removed; "[BLANK_AUDIO]", "&lt;noise&gt;" and "(laughs)" annotations dropped;</item>
/// <item>punctuation and symbols become spaces, hyphens and dashes too ("state-of-the-art" → "state of the art");
/// a decimal point between digits stays, thousands separators go ("1,000" → "1000"); initialisms lose their dots
/// ("U.S." → "us");</item>
/// <item>contractions are expanded ("won't" → "will not", "can't"/"cannot" → "can not", "n't" → " not", "'re" → " are",
/// "'ll" → " will", "'ve" → " have", "'m" → " am", "'d" → " would", "let's" → "let us", "it's"/"that's"/"he's"/… →
/// "… is"); any other "'s" is a possessive and only loses its apostrophe ("john's" → "johns"), the same spelling as a
/// transcript that left the apostrophe out; remaining apostrophes are dropped;</item>
/// <item>numbers become digits (see <see cref="EnglishNumberNormalizer"/>): "twenty five" → "25", "twenty-first" → "21st";
/// "%" and "per cent" → "percent"; "$5" → "5 dollars" ("$1" → "1 dollar"), likewise £ (pounds) and € (euros);
/// "&amp;" → "and";</item>
/// <item>a few titles are spelled out ("mr" → "mister", "mrs" → "missus", "dr" → "doctor", …) and "ok" becomes "okay";</item>
/// <item>hesitations ("um", "uh", "hmm", …) are removed; whitespace is collapsed to single spaces.</item>
/// </list>
/// British and American spellings are not unified.
/// </summary>
public static partial class EnglishTextNormalizer
{
    private static readonly FrozenSet<string> Fillers =
        FrozenSet.ToFrozenSet(["um", "umm", "uh", "uhm", "erm", "hmm", "hm", "mm", "mmm", "mhm"], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Abbreviations = new Dictionary<string, string>
    {
        ["mr"] = "mister",
        ["mrs"] = "missus",
        ["ms"] = "miss",
        ["dr"] = "doctor",
        ["prof"] = "professor",
        ["jr"] = "junior",
        ["sr"] = "senior",
        ["vs"] = "versus",
        ["etc"] = "et cetera",
        ["ok"] = "okay",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<char, string> LatinLetters = BuildLatinLetters();

    private static readonly (Regex Pattern, string Replacement)[] Contractions =
    [
        (new(@"\bwon't\b", RegexOptions.CultureInvariant), "will not"),
        (new(@"\bcan't\b|\bcannot\b", RegexOptions.CultureInvariant), "can not"),
        (new(@"\bshan't\b", RegexOptions.CultureInvariant), "shall not"),
        (new(@"\bain't\b", RegexOptions.CultureInvariant), "aint"),
        (new(@"\blet's\b", RegexOptions.CultureInvariant), "let us"),
        (new(@"\by'all\b", RegexOptions.CultureInvariant), "you all"),
        (new(@"\bma'am\b", RegexOptions.CultureInvariant), "madam"),
        (new(@"\b(it|that|what|there|here|he|she|who|where|how|when|why)'s\b", RegexOptions.CultureInvariant), "$1 is"),
        (new(@"n't\b", RegexOptions.CultureInvariant), " not"),
        (new(@"'re\b", RegexOptions.CultureInvariant), " are"),
        (new(@"'ll\b", RegexOptions.CultureInvariant), " will"),
        (new(@"'ve\b", RegexOptions.CultureInvariant), " have"),
        (new(@"'m\b", RegexOptions.CultureInvariant), " am"),
        (new(@"'d\b", RegexOptions.CultureInvariant), " would"),
    ];

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = RemoveDiacritics(text.ToLowerInvariant());
        s = Annotations().Replace(s, " ");
        s = Apostrophes().Replace(s, "'");
        s = ThousandsSeparators().Replace(s, "");
        s = Initialisms().Replace(s, m => m.Value.Replace(".", "", StringComparison.Ordinal) + " ");
        s = Currency().Replace(s, SpellCurrency);
        s = PerCent().Replace(s, " percent ").Replace("&", " and ", StringComparison.Ordinal);
        foreach (var (pattern, replacement) in Contractions)
        {
            s = pattern.Replace(s, replacement);
        }

        s = NotPartOfAWord().Replace(s, " ").Replace("'", "", StringComparison.Ordinal);

        var words = new List<string>();
        foreach (var word in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Abbreviations.TryGetValue(word, out var spelled))
            {
                words.AddRange(spelled.Split(' '));
            }
            else if (!Fillers.Contains(word))
            {
                words.Add(word);
            }
        }

        return string.Join(' ', EnglishNumberNormalizer.Normalize(words));
    }

    private static string SpellCurrency(Match match)
    {
        var amount = match.Groups["amount"].Value;
        var multiplier = match.Groups["multiplier"].Value;
        var unit = match.Groups["symbol"].Value switch
        {
            "£" => "pound",
            "€" => "euro",
            _ => "dollar",
        };
        var plural = amount == "1" && multiplier.Length == 0 ? "" : "s";
        return $" {amount}{multiplier} {unit}{plural} ";
    }

    /// <summary>
    /// "café" → "cafe". The server runs with invariant globalization (no Unicode decomposition), so accented Latin
    /// letters are mapped from a table and combining marks dropped.
    /// </summary>
    private static string RemoveDiacritics(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (LatinLetters.TryGetValue(c, out var plain))
            {
                builder.Append(plain);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<char, string> BuildLatinLetters()
    {
        (string Accented, string Plain)[] groups =
        [
            ("àáâãäåāăą", "a"), ("çćč", "c"), ("ď", "d"),
            ("èéêëēėęě", "e"), ("ğ", "g"), ("ìíîïīįı", "i"),
            ("łľ", "l"), ("ñńň", "n"), ("òóôõöøōő", "o"), ("ř", "r"),
            ("śšş", "s"), ("ťţ", "t"), ("ùúûüūůű", "u"), ("ýÿ", "y"),
            ("źżž", "z"), ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("ð", "d"), ("þ", "th"),
        ];
        return groups.SelectMany(g => g.Accented.Select(c => (c, g.Plain))).ToFrozenDictionary(p => p.c, p => p.Plain);
    }

    /// <summary>Non-speech annotations of ASR output: [BLANK_AUDIO], &lt;noise&gt;, (laughs).</summary>
    [GeneratedRegex(@"\[[^\]]*\]|<[^>]*>|\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Annotations();

    [GeneratedRegex("[\u2018\u2019\u02bc\u0060\u00b4]", RegexOptions.CultureInvariant)]
    private static partial Regex Apostrophes();

    [GeneratedRegex(@"(?<=\d),(?=\d{3}(?!\d))", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsSeparators();

    /// <summary>"u.s.", "u.s.a", "e.g.": single letters joined by dots.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}.])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex Initialisms();

    [GeneratedRegex(@"(?<symbol>[$£€])\s?(?<amount>\d+(?:\.\d+)?)(?<multiplier>\s+(?:hundred|thousand|million|billion|trillion)\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex Currency();

    [GeneratedRegex(@"\s*%|\bper cent\b", RegexOptions.CultureInvariant)]
    private static partial Regex PerCent();

    /// <summary>Everything but letters, digits, apostrophes and a decimal point between digits.</summary>
    [GeneratedRegex(@"[^\p{L}\p{N}'.]|(?<!\d)\.|\.(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NotPartOfAWord();
}
