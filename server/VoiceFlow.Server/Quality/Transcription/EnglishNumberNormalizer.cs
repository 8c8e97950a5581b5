using System.Collections.Frozen;
using System.Globalization;

namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>
/// Spelled-out English numbers to digits, word by word: "twenty five" → "25", "one hundred and three" → "103",
/// "two thousand and five" → "2005", "nineteen ninety five" → "1995", "twenty first" → "21st", "three point one four"
/// → "3.14", "a hundred" → "100", "5 million" → "5000000". Numbers that cannot follow each other ("one two") stay apart.
/// </summary>
internal static class EnglishNumberNormalizer
{
    private enum Kind
    {
        Ones,
        Teen,
        Tens,
        Multiplier,
    }

    private readonly record struct NumberWord(Kind Kind, long Value, bool Ordinal);

    private static readonly FrozenDictionary<string, NumberWord> Words = BuildWords();

    public static List<string> Normalize(IReadOnlyList<string> words)
    {
        var output = new List<string>(words.Count);
        for (int i = 0; i < words.Count;)
        {
            var phrase = new NumberPhrase(words, i);
            if (phrase.Read() is { } number)
            {
                output.Add(number);
                i += phrase.Consumed;
            }
            else
            {
                output.Add(words[i]);
                i++;
            }
        }

        return output;
    }

    private static bool IsNumberWord(IReadOnlyList<string> words, int index, Kind kind) =>
        index < words.Count && Words.TryGetValue(words[index], out var word) && word.Kind == kind;

    private static bool IsCardinalMultiplier(IReadOnlyList<string> words, int index) =>
        index < words.Count && Words.TryGetValue(words[index], out var word) && word is { Kind: Kind.Multiplier, Ordinal: false };

    /// <summary>Reads the longest number starting at one word.</summary>
    private sealed class NumberPhrase
    {
        private readonly IReadOnlyList<string> _words;
        private readonly int _start;
        private long _total;
        private long _current;
        private Kind? _last;
        private bool _yearStyle;
        private long _lastBigMultiplier = long.MaxValue;
        private int _next;

        public NumberPhrase(IReadOnlyList<string> words, int start)
        {
            _words = words;
            _start = start;
            _next = start;
        }

        /// <summary>Words that make up the number (valid once <see cref="Read"/> returned one).</summary>
        public int Consumed { get; private set; }

        public string? Read()
        {
            if (ReadLeadIn() is { } decimalAmount)
            {
                return decimalAmount;
            }

            while (_next < _words.Count)
            {
                var word = _words[_next];
                if (word == "and" && _last == Kind.Multiplier && _next + 1 < _words.Count
                    && Words.TryGetValue(_words[_next + 1], out var following) && following.Kind != Kind.Multiplier)
                {
                    _next++;
                    continue;
                }

                if (word == "point" && _last is not null && IsNumberWord(_words, _next + 1, Kind.Ones))
                {
                    return Format(_total + _current, ordinal: false, ReadDecimals());
                }

                if (!Words.TryGetValue(word, out var number) || !Accept(number))
                {
                    break;
                }

                _next++;
                Consumed = _next - _start;
                if (number.Ordinal)
                {
                    return Format(_total + _current, ordinal: true);
                }
            }

            return Consumed > 0 ? Format(_total + _current, ordinal: false) : null;
        }

        /// <summary>"a hundred", "5 million", "1.5 billion": a start that is not a number word on its own.</summary>
        private string? ReadLeadIn()
        {
            if (!IsCardinalMultiplier(_words, _start + 1))
            {
                return null;
            }

            var first = _words[_start];
            if (first == "a")
            {
                _current = 1;
            }
            else if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var integer) && integer < 1000)
            {
                _current = integer;
            }
            else if (decimal.TryParse(first, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && first.Contains('.'))
            {
                var multiplier = Words[_words[_start + 1]].Value;
                Consumed = 2;
                return (amount * multiplier).ToString("0.############", CultureInfo.InvariantCulture);
            }
            else
            {
                return null;
            }

            _last = Kind.Ones;
            _next = _start + 1;
            Consumed = 1;
            return null;
        }

        private bool Accept(NumberWord word)
        {
            bool accepted = word.Kind switch
            {
                Kind.Multiplier => AcceptMultiplier(word.Value, word.Ordinal),
                _ when _last is null => Set(word.Value),
                // "twenty five", "nineteen ninety five"
                Kind.Ones when _last == Kind.Tens && _current % 10 == 0 && word.Value != 0 => Set(_current + word.Value),
                // "one hundred (and) three", "two thousand (and) five"
                _ when _last == Kind.Multiplier && _current % 100 == 0 => Set(_current + word.Value),
                // years: "nineteen ninety", "twenty fifteen", "twenty twenty"
                Kind.Teen or Kind.Tens when _last is Kind.Teen or Kind.Tens && !_yearStyle && _total == 0 && _lastBigMultiplier == long.MaxValue
                    && _current is >= 10 and < 100 => SetYear(word.Value),
                _ => false,
            };
            if (accepted)
            {
                _last = word.Kind;
            }

            return accepted;
        }

        private bool AcceptMultiplier(long multiplier, bool ordinal)
        {
            if (_last is null)
            {
                // "hundredth" on its own is "100th"; a bare "hundred" stays a word.
                return ordinal && Set(multiplier);
            }

            if (_current == 0 || _yearStyle)
            {
                return false;
            }

            if (multiplier == 100)
            {
                return _current < 100 && Set(_current * 100);
            }

            if (multiplier >= _lastBigMultiplier)
            {
                return false;
            }

            _total += _current * multiplier;
            _current = 0;
            _lastBigMultiplier = multiplier;
            return true;
        }

        private bool Set(long value)
        {
            _current = value;
            return true;
        }

        private bool SetYear(long value)
        {
            _yearStyle = true;
            return Set((_current * 100) + value);
        }

        private string ReadDecimals()
        {
            _next++; // "point"
            var digits = new System.Text.StringBuilder();
            while (_next < _words.Count && Words.TryGetValue(_words[_next], out var digit) && digit is { Kind: Kind.Ones, Ordinal: false })
            {
                digits.Append(digit.Value);
                _next++;
            }

            Consumed = _next - _start;
            return digits.ToString();
        }
    }

    private static string Format(long value, bool ordinal, string? decimals = null)
    {
        var digits = value.ToString(CultureInfo.InvariantCulture);
        if (decimals is not null)
        {
            return $"{digits}.{decimals}";
        }

        return ordinal ? digits + OrdinalSuffix(value) : digits;
    }

    private static string OrdinalSuffix(long value) => (value % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (value % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    };

    private static FrozenDictionary<string, NumberWord> BuildWords()
    {
        var words = new Dictionary<string, NumberWord>();
        void Add(Kind kind, long value, string cardinal, string ordinal)
        {
            words[cardinal] = new NumberWord(kind, value, Ordinal: false);
            words[ordinal] = new NumberWord(kind, value, Ordinal: true);
        }

        string[] ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        string[] onesOrdinal = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
        string[] teens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
        string[] tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        for (int i = 0; i < ones.Length; i++)
        {
            Add(Kind.Ones, i, ones[i], onesOrdinal[i]);
        }

        for (int i = 0; i < teens.Length; i++)
        {
            Add(Kind.Teen, 10 + i, teens[i], teens[i] == "twelve" ? "twelfth" : teens[i] + "th");
        }

        for (int i = 0; i < tens.Length; i++)
        {
            Add(Kind.Tens, 20 + (10 * i), tens[i], tens[i][..^1] + "ieth");
        }

        Add(Kind.Multiplier, 100, "hundred", "hundredth");
        Add(Kind.Multiplier, 1_000, "thousand", "thousandth");
        Add(Kind.Multiplier, 1_000_000, "million", "millionth");
        Add(Kind.Multiplier, 1_000_000_000, "billion", "billionth");
        Add(Kind.Multiplier, 1_000_000_000_000, "trillion", "trillionth");
        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
