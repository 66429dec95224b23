using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FactorioIsr.Rcon.Protocol;

/// <summary>
/// Encodes and decodes Source RCON frames: int32 LE size (excluding itself), int32 LE id, int32 LE type,
/// body bytes, two NUL bytes. The reader never blocks: it reports <see cref="OperationStatus.NeedMoreData"/>
/// and advances only over a complete frame.
/// </summary>
public static class RconPacketCodec
{
    /// <summary>Size field of an empty packet: id + type + two NUL bytes.</summary>
    public const int MinSize = 10;

    /// <summary>Bytes before the body: size, id and type.</summary>
    public const int HeaderLength = 12;

    /// <summary>
    /// Largest request a server accepts by default. Factorio 1.x/2.x takes commands far above the classic 4096 bytes
    /// (clusterio sizes its timeout for 1250 kB), so the limit is about that, not 4096.
    /// </summary>
    public const int DefaultMaxRequestSize = 1_280_000 + MinSize;

    /// <summary>
    /// Largest reply a client accepts by default. Factorio sends one packet per reply however large (744 kB observed),
    /// so this is a garbage guard, not a protocol limit.
    /// </summary>
    public const int DefaultMaxReplySize = 64 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Number of bytes <see cref="Write"/> produces for this body.</summary>
    public static int GetFrameLength(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return HeaderLength + Utf8.GetByteCount(body) + 2;
    }

    /// <summary>Writes one frame into <paramref name="writer"/> and returns its length in bytes.</summary>
    public static int Write(IBufferWriter<byte> writer, int id, int type, string body)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetFrameLength(body);
        var span = writer.GetSpan(length);
        WriteFrame(span, id, type, body);
        writer.Advance(length);
        return length;
    }

    /// <summary>Encodes one frame into a new array.</summary>
    public static byte[] Encode(int id, int type, string body)
    {
        var bytes = new byte[GetFrameLength(body)];
        WriteFrame(bytes, id, type, body);
        return bytes;
    }

    private static void WriteFrame(Span<byte> span, int id, int type, string body)
    {
        var bodyLength = Utf8.GetBytes(body, span[HeaderLength..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, bodyLength + MinSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], id);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], type);
        span[HeaderLength + bodyLength] = 0;
        span[HeaderLength + bodyLength + 1] = 0;
    }

    /// <summary>
    /// Tries to read one frame from the start of <paramref name="buffer"/>. On <see cref="OperationStatus.Done"/>
    /// the buffer is sliced past the frame; otherwise it is left unchanged.
    /// <see cref="OperationStatus.InvalidData"/> comes with a one-line <paramref name="error"/>: the stream cannot be
    /// resynchronised and the connection should be reset.
    /// </summary>
    /// <param name="buffer">Bytes received so far.</param>
    /// <param name="maxSize">Largest accepted size field (see <see cref="DefaultMaxRequestSize"/>, <see cref="DefaultMaxReplySize"/>).</param>
    /// <param name="packet">The decoded packet when the result is <see cref="OperationStatus.Done"/>.</param>
    /// <param name="error">Why the data is invalid when the result is <see cref="OperationStatus.InvalidData"/>.</param>
    public static OperationStatus TryRead(ref ReadOnlySequence<byte> buffer, int maxSize, out RconPacket packet, out string? error)
    {
        packet = default;
        error = null;
        if (buffer.Length < 4)
        {
            return OperationStatus.NeedMoreData;
        }

        Span<byte> sizeBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(sizeBytes);
        var size = BinaryPrimitives.ReadInt32LittleEndian(sizeBytes);
        if (size < MinSize || size > maxSize)
        {
            error = $"invalid RCON packet length {size} (expected {MinSize}..{maxSize}); the peer is not speaking RCON or the stream is corrupt";
            return OperationStatus.InvalidData;
        }

        if (buffer.Length < 4L + size)
        {
            return OperationStatus.NeedMoreData;
        }

        var frame = buffer.Slice(4, size);
        Span<byte> header = stackalloc byte[8];
        frame.Slice(0, 8).CopyTo(header);
        Span<byte> tail = stackalloc byte[2];
        frame.Slice(size - 2, 2).CopyTo(tail);
        if (tail[0] != 0 || tail[1] != 0)
        {
            error = $"RCON packet of length {size} does not end with two NUL bytes; the stream is corrupt";
            return OperationStatus.InvalidData;
        }

        var bodyBytes = frame.Slice(8, size - MinSize);
        var body = bodyBytes.IsEmpty ? string.Empty : Utf8.GetString(bodyBytes);
        packet = new RconPacket(
            BinaryPrimitives.ReadInt32LittleEndian(header),
            BinaryPrimitives.ReadInt32LittleEndian(header[4..]),
            body);
        buffer = buffer.Slice(4 + size);
        return OperationStatus.Done;
    }
}
