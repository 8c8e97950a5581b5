using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Formatters;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>A chunk in JSON: base64 text, as System.Text.Json writes and reads a byte array.</summary>
public sealed class AudioChunkJsonConverter : JsonConverter<AudioChunk>
{
    public override AudioChunk? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An audio chunk is base64 text.");
        }

        if (reader.ValueIsEscaped)
        {
            // Text written with escapes (some encoders escape '+' and '/'): rare enough to decode the ordinary way.
            return AudioChunk.CopyOf(reader.GetBytesFromBase64());
        }

        if (!reader.HasValueSequence)
        {
            return Decode(reader.ValueSpan);
        }

        // Text split across the connection's buffers: a 20 ms chunk at 48 kHz is 2.5 KB of base64, so a good share of
        // chunks arrive this way. Joined in a pooled buffer, not in two new arrays per chunk.
        var sequence = reader.ValueSequence;
        var length = checked((int)sequence.Length);
        var joined = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            sequence.CopyTo(joined);
            return Decode(joined.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private static AudioChunk Decode(ReadOnlySpan<byte> text)
    {
        var chunk = AudioChunk.Rent(Base64.GetMaxDecodedFromUtf8Length(text.Length));
        if (Base64.DecodeFromUtf8(text, chunk.Writable, out _, out var written) != OperationStatus.Done)
        {
            chunk.Dispose();
            throw new JsonException("An audio chunk is not valid base64.");
        }

        chunk.Truncate(written);
        return chunk;
    }

    public override void Write(Utf8JsonWriter writer, AudioChunk value, JsonSerializerOptions options) =>
        writer.WriteBase64StringValue(value.Bytes.Span);
}

/// <summary>A chunk in MessagePack: bin, as MessagePack writes and reads a byte array.</summary>
public sealed class AudioChunkMessagePackFormatter : IMessagePackFormatter<AudioChunk?>
{
    public AudioChunk? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.ReadBytes() is not { } bytes)
        {
            return null;
        }

        var chunk = AudioChunk.Rent(checked((int)bytes.Length));
        bytes.CopyTo(chunk.Writable);
        return chunk;
    }

    public void Serialize(ref MessagePackWriter writer, AudioChunk? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.Write(value.Bytes.Span);
    }
}
