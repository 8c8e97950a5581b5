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
}
