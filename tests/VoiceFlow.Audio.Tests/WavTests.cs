using System.Buffers.Binary;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Wav;

namespace VoiceFlow.Audio.Tests;

public class WavTests
{
    private static readonly short[] Tone = TestSignals.Sine(440, 100, 16000);

    [Fact]
    public void Written_file_reads_back_identically_with_patched_sizes()
    {
        using var file = new MemoryStream();
        using (var writer = new WavWriter(file, 16000, leaveOpen: true))
        {
            writer.Write(Tone.AsSpan(0, 700));
            writer.Write(Pcm16.ToBytes(Tone.AsSpan(700)));
            Assert.Equal(Tone.Length * 2, writer.DataBytes);
            Assert.Equal(TimeSpan.FromMilliseconds(100), writer.Duration);
        }

        byte[] bytes = file.ToArray();
        Assert.Equal(44 + (Tone.Length * 2), bytes.Length);
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(Tone.Length * 2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)));

        file.Position = 0;
        using var reader = WavReader.Open(file, leaveOpen: true);
        Assert.Equal(new WavFormat(WavEncoding.Pcm, 16000, 1, 16), reader.Format);
        Assert.Equal(TimeSpan.FromMilliseconds(100), reader.Duration);
        Assert.Equal(Tone, WavReader.ReadAllMono(bytes).Samples);
    }

    [Fact]
    public void Non_seekable_output_gets_a_streaming_header_that_reads_to_the_end()
    {
        using var sink = new MemoryStream();
        using (var writer = new WavWriter(new NonSeekableStream(sink), 22050, leaveOpen: true))
        {
            writer.Write(Tone);
        }

        byte[] bytes = sink.ToArray();
        Assert.Equal(WavHeader.UnknownLength, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        var audio = WavReader.ReadAllMono(new NonSeekableStream(new MemoryStream(bytes)));
        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(Tone, audio.Samples);
    }

    [Fact]
    public void Header_for_a_known_length_declares_it()
    {
        byte[] header = WavHeader.CreatePcm16(8000, 1, dataBytes: 1600);
        Assert.Equal(44, header.Length);
        Assert.Equal(1600, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(40)));
        Assert.Equal(1636, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)));
        Assert.Equal(16000, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(28)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })]
    public void Garbage_is_rejected_as_invalid_format(byte[] garbage)
    {
        var error = Assert.Throws<AudioFormatException>(() => WavReader.ReadAllMono(garbage));
        Assert.Equal(AudioErrorCodes.InvalidFormat, error.Code);
    }

    [Fact]
    public void A_header_without_data_is_rejected_as_invalid_format()
    {
        byte[] truncated = WavHeader.CreatePcm16(16000).AsSpan(0, 36).ToArray();
        var error = Assert.Throws<AudioFormatException>(() => WavReader.ReadAllMono(truncated));
        Assert.Equal(AudioErrorCodes.InvalidFormat, error.Code);
    }

    [Theory]
    [InlineData((ushort)7, 8)] // μ-law
    [InlineData((ushort)2, 4)] // MS ADPCM
    [InlineData((ushort)1, 12)] // 12-bit PCM
    public void Non_pcm_encodings_are_rejected_as_unsupported(ushort formatTag, int bits)
    {
        byte[] file = WavTestFiles.Build(formatTag, 1, 8000, bits, new byte[64]);
        var error = Assert.Throws<AudioFormatException>(() => WavReader.ReadAllMono(file));
        Assert.Equal(AudioErrorCodes.UnsupportedFormat, error.Code);
    }

    [Fact]
    public void List_and_other_unknown_chunks_are_skipped()
    {
        byte[] file = WavTestFiles.Build(
            1, 1, 16000, 16, Pcm16.ToBytes(Tone),
            chunksBeforeFmt: [("JUNK", new byte[28])],
            chunksBeforeData: [WavTestFiles.ListChunk(), ("fact", new byte[4])]);

        Assert.Equal(Tone, WavReader.ReadAllMono(file).Samples);
        Assert.Equal(Tone, WavReader.ReadAllMono(new NonSeekableStream(new MemoryStream(file))).Samples);
    }

    [Fact]
    public void Stereo_is_downmixed_by_averaging_the_channels()
    {
        short[] interleaved = [1000, 3000, -500, 500, 32767, 32767, -32768, -32768];
        byte[] file = WavTestFiles.Build(1, 2, 44100, 16, Pcm16.ToBytes(interleaved));

        var audio = WavReader.ReadAllMono(file);
        Assert.Equal(44100, audio.SampleRate);
        Assert.Equal(new short[] { 2000, 0, 32767, -32768 }, audio.Samples);
    }

    [Fact]
    public void Eight_bit_pcm_is_decoded()
    {
        byte[] file = WavTestFiles.Build(1, 1, 8000, 8, [128, 255, 0, 192]);
        Assert.Equal(new short[] { 0, 32512, -32768, 16384 }, WavReader.ReadAllMono(file).Samples);
    }

    [Fact]
    public void Twenty_four_and_thirty_two_bit_pcm_keep_the_top_sixteen_bits()
    {
        byte[] pcm24 = [0x00, 0x00, 0x40, 0x00, 0x00, 0xC0, 0xFF, 0xFF, 0x7F];
        Assert.Equal(new short[] { 16384, -16384, 32767 }, WavReader.ReadAllMono(WavTestFiles.Build(1, 1, 48000, 24, pcm24)).Samples);

        var pcm32 = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(pcm32, 1 << 30);
        BinaryPrimitives.WriteInt32LittleEndian(pcm32.AsSpan(4), int.MinValue);
        Assert.Equal(new short[] { 16384, -32768 }, WavReader.ReadAllMono(WavTestFiles.Build(1, 1, 48000, 32, pcm32)).Samples);
    }

    [Fact]
    public void Float_stereo_is_decoded_and_downmixed()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteSingleLittleEndian(data, 0.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8), -2f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(12), -2f);

        var audio = WavReader.ReadAllMono(WavTestFiles.Build(3, 2, 24000, 32, data));
        Assert.Equal(new short[] { 12288, -32768 }, audio.Samples);
    }

    [Fact]
    public void Reading_in_small_blocks_streams_the_whole_file()
    {
        var tone = TestSignals.Sine(300, 1000, 8000);
        using var file = new MemoryStream();
        using (var writer = new WavWriter(file, 8000, leaveOpen: true))
        {
            writer.Write(tone);
        }

        file.Position = 0;
        using var reader = WavReader.Open(new NonSeekableStream(file));
        var buffer = new short[333];
        var all = new List<short>();
        int n;
        while ((n = reader.ReadMono(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        Assert.Equal(tone, all);
    }
}
