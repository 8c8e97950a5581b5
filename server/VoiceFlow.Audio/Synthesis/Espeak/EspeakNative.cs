using System.Runtime.InteropServices;

namespace VoiceFlow.Audio.Synthesis.Espeak;

/// <summary>The parts of espeak-ng's speak_lib.h this library uses (ABI of libespeak-ng.so.1).</summary>
internal static unsafe partial class EspeakNative
{
    public const string LibraryName = "libespeak-ng.so.1";

    public const int AudioOutputSynchronous = 2;
    public const int InitializeDontExit = 0x8000;
    public const int PositionCharacter = 1;
    public const uint CharsUtf8 = 1;
    public const uint EndPause = 0x1000;
    public const int ParameterRate = 1;
    public const int RateMinimum = 80;
    public const int RateNormal = 175;
    public const int RateMaximum = 450;
    public const int Ok = 0;

    /// <summary>The speaking rate in words per minute for the options' relative speed, clamped to what espeak-ng accepts.</summary>
    public static int RateFor(SpeechOptions? options) =>
        Math.Clamp((int)Math.Round(RateNormal * (options ?? SpeechOptions.Default).Speed), RateMinimum, RateMaximum);

    [LibraryImport(LibraryName, EntryPoint = "espeak_Initialize")]
    public static partial int Initialize(int output, int bufferLengthMs, byte* path, int options);

    [LibraryImport(LibraryName, EntryPoint = "espeak_SetSynthCallback")]
    public static partial void SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, EspeakEvent*, int> callback);

    [LibraryImport(LibraryName, EntryPoint = "espeak_SetVoiceByName", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetVoiceByName(string name);

    [LibraryImport(LibraryName, EntryPoint = "espeak_SetParameter")]
    public static partial int SetParameter(int parameter, int value, int relative);

    [LibraryImport(LibraryName, EntryPoint = "espeak_Synth")]
    public static partial int Synth(
        byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, void* userData);

    [LibraryImport(LibraryName, EntryPoint = "espeak_Cancel")]
    public static partial int Cancel();

    [LibraryImport(LibraryName, EntryPoint = "espeak_ListVoices")]
    public static partial EspeakVoice** ListVoices(EspeakVoice* voiceSpec);
}

internal enum EspeakEventType
{
    ListTerminated = 0,
    Word = 1,
    Sentence = 2,
    Mark = 3,
    Play = 4,
    End = 5,
    MessageTerminated = 6,
    Phoneme = 7,
    SampleRate = 8,
}

[StructLayout(LayoutKind.Sequential)]
internal struct EspeakEvent
{
    public EspeakEventType Type;
    public uint UniqueIdentifier;

    /// <summary>1-based position of the word in the text, in characters (code points).</summary>
    public int TextPosition;

    /// <summary>Word length in characters (code points).</summary>
    public int Length;

    public int AudioPositionMs;

    /// <summary>Sample index from the start of the current espeak_Synth call.</summary>
    public int Sample;

    public nint UserData;
    public nint Id;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EspeakVoice
{
    public byte* Name;

    /// <summary>Pairs of (priority byte, zero-terminated language tag), ending with a zero byte.</summary>
    public byte* Languages;

    public byte* Identifier;
    public byte Gender;
    public byte Age;
    public byte Variant;
    public byte Reserved;
    public int Score;
    public nint Spare;
}
