using System.Buffers;

namespace VoiceFlow.Server.Recording.Storage;

/// <summary>Keys are lower-case relative paths built by the server; anything else is a bug, refused before it reaches a store.</summary>
public static class AudioKeys
{
    private static readonly SearchValues<char> KeyChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_./");

    public static string Validate(string key)
    {
        if (key.Length is 0 or > 200 || key.AsSpan().IndexOfAnyExcept(KeyChars) >= 0 || key.Contains("..", StringComparison.Ordinal) || key.StartsWith('/'))
        {
            throw new ArgumentException("Audio keys are lower-case paths built by the server.", nameof(key));
        }

        return key;
    }
}
