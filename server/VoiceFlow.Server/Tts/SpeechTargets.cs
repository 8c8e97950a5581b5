using System.Runtime.CompilerServices;
using VoiceFlow.Audio.Synthesis;

namespace VoiceFlow.Server.Tts;

/// <summary>Where one stream's text is synthesized: the shared in-process engine or a deployment's worker.</summary>
internal interface ISpeechTarget
{
    /// <summary>Engine label for usage events and metrics (bounded set of values).</summary>
    string Engine { get; }

    /// <summary>Streams the audio of <paramref name="text"/>; word positions count from this call's first sample.</summary>
    IAsyncEnumerable<SynthesisChunk> SynthesizeAsync(string text, CancellationToken cancellationToken);
}

/// <summary>The process-wide espeak-ng engine with one resolved voice.</summary>
internal sealed class EngineSpeechTarget(ISpeechEngine engine, string voiceId) : ISpeechTarget
{
    public string Engine => engine.Name;

    public IAsyncEnumerable<SynthesisChunk> SynthesizeAsync(string text, CancellationToken cancellationToken) =>
        engine.SynthesizeAsync(text, voiceId, SpeechOptions.Default, cancellationToken);
}

/// <summary>The engine's voices, as the contract lists them, and the same lookup the engine does (id, name or language).</summary>
public sealed class TtsVoiceCatalog
{
    private readonly IReadOnlyList<VoiceInfo> _voices;

    public TtsVoiceCatalog(ISpeechEngine engine)
    {
        _voices = engine.ListVoices();
        Voices = _voices.Select(v => new TtsVoice(v.Id, v.Name, v.Language, engine.Name)).ToList();
    }

    public IReadOnlyList<TtsVoice> Voices { get; }

    /// <summary>The voice id for a voice id, name or language tag (with an optional espeak "+variant"), or null.</summary>
    public string? Resolve(string voice)
    {
        int plus = voice.IndexOf('+', StringComparison.Ordinal);
        string name = plus >= 0 ? voice[..plus] : voice;
        string variant = plus >= 0 ? voice[plus..] : "";
        if (plus >= 0 && (variant.Length == 1 || variant.AsSpan(1).ContainsAnyExcept(VariantChars)))
        {
            return null;
        }

        var match = _voices.FirstOrDefault(v => v.Id.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? _voices.FirstOrDefault(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? _voices.FirstOrDefault(v => v.Language.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? _voices.FirstOrDefault(v => v.Languages.Contains(name, StringComparer.OrdinalIgnoreCase));
        return match is null ? null : match.Id + variant;
    }

    private static readonly System.Buffers.SearchValues<char> VariantChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
}

/// <summary>Adapts an enumeration so its failures surface as hub errors (an async iterator cannot yield inside try/catch).</summary>
internal static class Guarded
{
    public static async IAsyncEnumerable<T> Map<T>(
        IAsyncEnumerable<T> source, Func<Exception, Exception?> translate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var items = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync();
            }
            catch (Exception e) when (translate(e) is { } translated)
            {
                throw translated;
            }

            if (!more)
            {
                yield break;
            }

            yield return items.Current;
        }
    }
}
