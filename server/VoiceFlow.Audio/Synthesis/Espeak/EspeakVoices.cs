using System.Runtime.InteropServices;
using System.Text;

namespace VoiceFlow.Audio.Synthesis.Espeak;

internal static unsafe class EspeakVoices
{
    /// <summary>Every installed voice, from espeak_ListVoices; call on the synthesis thread.</summary>
    public static List<VoiceInfo> Read()
    {
        var voices = new List<VoiceInfo>();
        EspeakVoice** list = EspeakNative.ListVoices(null);
        for (int i = 0; list != null && list[i] != null; i++)
        {
            EspeakVoice* voice = list[i];
            string id = Marshal.PtrToStringUTF8((nint)voice->Identifier) ?? "";
            string name = Marshal.PtrToStringUTF8((nint)voice->Name) ?? id;
            var languages = new List<string>();
            for (byte* p = voice->Languages; p != null && *p != 0;)
            {
                p++; // priority byte
                string language = Marshal.PtrToStringUTF8((nint)p) ?? "";
                languages.Add(language);
                p += Encoding.UTF8.GetByteCount(language) + 1;
            }

            string? gender = voice->Gender switch { 1 => "male", 2 => "female", _ => null };
            voices.Add(new VoiceInfo(id, name, languages.Count > 0 ? languages[0] : id, gender, languages));
        }

        return voices;
    }

    /// <summary>Maps a voice id, display name or language tag (optionally with an espeak "+variant") to a voice id.</summary>
    /// <exception cref="SpeechEngineException">No such voice (<see cref="SpeechErrorCodes.InvalidVoice"/>).</exception>
    public static string Resolve(IReadOnlyList<VoiceInfo> voices, string voice)
    {
        int plus = voice.IndexOf('+', StringComparison.Ordinal);
        string name = plus >= 0 ? voice[..plus] : voice;
        string variant = plus >= 0 ? voice[plus..] : "";
        var match = voices.FirstOrDefault(v => v.Id.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? voices.FirstOrDefault(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? voices.FirstOrDefault(v => v.Language.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? voices.FirstOrDefault(v => v.Languages.Contains(name, StringComparer.OrdinalIgnoreCase));
        if (match is null)
        {
            throw new SpeechEngineException(
                SpeechErrorCodes.InvalidVoice,
                $"Unknown voice '{voice}'. Use a voice id, name or language from ListVoices(), e.g. 'en-us'.");
        }

        return match.Id + variant;
    }
}
