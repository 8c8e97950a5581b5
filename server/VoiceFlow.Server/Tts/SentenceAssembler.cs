using System.Text;

namespace VoiceFlow.Server.Tts;

/// <summary>
/// Turns text that arrives in pieces (a language model's tokens, lines typed by a user) into whole sentences with
/// normalized whitespace. Runs of whitespace become one space; a line break ends a sentence. A sentence ends at
/// <c>. ! ? ; …</c> (optionally followed by closing quotes or brackets) once whitespace follows; a full-width terminator
/// (<c>。！？</c>) ends it at once. Pieces joined without a space ("… is 12345." + "Let's …") are split into sentences
/// when a terminator directly follows a lower-case letter or digit and precedes an upper-case letter, so "12345.Let"
/// never reaches the engine while "3.14", "U.S.A." and "e.g." stay whole. Text without a terminator is cut at a space
/// once it is longer than <see cref="SoftLimit"/> characters. Not thread-safe.
/// </summary>
internal sealed class SentenceAssembler
{
    public const int SoftLimit = 300;

    private readonly StringBuilder _text = new();
    private bool _space;

    /// <summary>Adds a piece; sentences it completes are appended to <paramref name="completed"/> in order.</summary>
    public void Append(string piece, List<string> completed)
    {
        foreach (char c in piece)
        {
            if (char.IsWhiteSpace(c))
            {
                if (c is '\n' or '\r' or '\u2028' or '\u2029')
                {
                    Emit(completed);
                }
                else if (_text.Length > 0)
                {
                    _space = true;
                }

                continue;
            }

            if (_space)
            {
                _space = false;
                if (EndsSentence() || _text.Length >= SoftLimit || (_text.Length >= SoftLimit / 2 && _text[^1] is ',' or ':'))
                {
                    Emit(completed);
                }
                else
                {
                    _text.Append(' ');
                }
            }
            else if (_text.Length >= 2 && _text[^1] is '.' or '!' or '?' && char.IsUpper(c)
                && (char.IsLower(_text[^2]) || char.IsDigit(_text[^2])))
            {
                Emit(completed);
            }

            _text.Append(c);
            if (c is '。' or '！' or '？')
            {
                Emit(completed);
            }
        }
    }

    /// <summary>True when the text held back ends like a sentence (used to flush it when no more text comes for a while).</summary>
    public bool EndsSentence()
    {
        int i = _text.Length - 1;
        while (i >= 0 && _text[i] is '"' or '\'' or ')' or ']' or '”' or '’' or '»' or '」' or '』')
        {
            i--;
        }

        return i >= 0 && _text[i] is '.' or '!' or '?' or ';' or '…' or '。' or '！' or '？';
    }

    public bool IsEmpty => _text.Length == 0;

    /// <summary>Takes whatever is held back (at the end of the stream, or after a pause when it ends a sentence).</summary>
    public string? Flush()
    {
        _space = false;
        if (_text.Length == 0)
        {
            return null;
        }

        var sentence = _text.ToString();
        _text.Clear();
        return sentence;
    }

    private void Emit(List<string> completed)
    {
        if (Flush() is { } sentence)
        {
            completed.Add(sentence);
        }
    }
}
