using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FactorioIsr.Events;

namespace FactorioIsr.State;

/// <summary>
/// The outbox's compact event encoding (no JSON). A segment is events back to back; each event is a 4-byte
/// little-endian length followed by its fields: strings as a LEB128 byte length plus UTF-8 (nullable ones store
/// length + 1, 0 meaning null), the source kind as a number, the timestamp as ticks plus offset minutes, then the
/// named fields as pairs. The length prefix lets a reader skip acknowledged events without decoding them.
/// <para>
/// Every record carries its format version in the top 4 bits of its length prefix (the length uses the low 28), so a
/// new event field is an upgrade: a new isr writes the next format and still reads the older records of the outbox it
/// finds, and no row is migrated. Records written before versions existed have 0 there: format 1.
/// </para>
/// </summary>
internal static class OutboxCodec
{
    /// <summary>The format this isr writes (1: the fields above).</summary>
    public const int Format = 1;

    private const int LengthBits = 28;
    private const int LengthMask = (1 << LengthBits) - 1;
    /// <summary>Appends one event (length prefix included); returns the bytes written.</summary>
    public static int Write(ArrayBufferWriter<byte> output, FactorioEvent e)
    {
        var start = output.WrittenCount;
        output.GetSpan(4);
        output.Advance(4);
        WriteString(output, e.Id);
        WriteString(output, e.Server);
        WriteNumber(output, (ulong)(int)e.Source);
        WriteString(output, e.Type);
        WriteNullable(output, e.Player);
        WriteNullable(output, e.Message);
        WriteNullable(output, e.Pattern);
        WriteString(output, e.Route);
        var time = output.GetSpan(10);
        BinaryPrimitives.WriteInt64LittleEndian(time, e.Timestamp.Ticks);
        BinaryPrimitives.WriteInt16LittleEndian(time[8..], (short)e.Timestamp.Offset.TotalMinutes);
        output.Advance(10);
        WriteString(output, e.Raw);
        WriteCopy(output, e.Text, e.Raw, null);
        WriteNumber(output, (ulong)e.Fields.Count);
        foreach (var (name, value) in e.Fields)
        {
            WriteString(output, name);
            WriteCopy(output, value, e.Player, e.Message);
        }

        var length = output.WrittenCount - start;
        if (length - 4 > LengthMask)
        {
            throw new ArgumentException($"event {e.Id} encodes to {length} bytes, over the outbox's {LengthMask} per event", nameof(e));
        }

        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32LittleEndian(written[start..], (length - 4) | ((Format - 1) << LengthBits));
        return length;
    }

    /// <summary>The length of the event record at the start of <paramref name="data"/>, prefix included.</summary>
    public static int RecordLength(ReadOnlySpan<byte> data) => 4 + (BinaryPrimitives.ReadInt32LittleEndian(data) & LengthMask);

    /// <summary>The format version of the event record at the start of <paramref name="data"/>.</summary>
    public static int FormatOf(ReadOnlySpan<byte> data) => (int)(BinaryPrimitives.ReadUInt32LittleEndian(data) >> LengthBits) + 1;

    /// <summary>Decodes the event record at the start of <paramref name="data"/>.</summary>
    /// <exception cref="StateStoreException">The record was written by a newer isr in a format this one cannot read.</exception>
    public static FactorioEvent Read(ReadOnlySpan<byte> data, OutboxStringCache cache)
    {
        var format = FormatOf(data);
        if (format > Format)
        {
            throw new StateStoreException($"the outbox holds an event in format {format}, newer than this isr reads ({Format}); run the newer isr until its outbox drains, or use another --state", isTransient: false);
        }

        var r = new SpanReader(data[4..RecordLength(data)]);
        var id = Encoding.UTF8.GetString(r.Bytes());
        var server = cache.Server.Get(r.Bytes());
        var source = (LogSourceKind)(int)r.Number();
        var type = cache.Type.Get(r.Bytes());
        var player = r.NullableBytes(out var p) ? Encoding.UTF8.GetString(p) : null;
        var message = r.NullableBytes(out var m) ? Encoding.UTF8.GetString(m) : null;
        var pattern = r.NullableBytes(out var pt) ? cache.Pattern.Get(pt) : null;
        var route = cache.Route.Get(r.Bytes());
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(r.Fixed(8));
        var offset = BinaryPrimitives.ReadInt16LittleEndian(r.Fixed(2));
        var raw = Encoding.UTF8.GetString(r.Bytes());
        var text = r.Copy(raw, null);
        var count = (int)r.Number();
        IReadOnlyDictionary<string, string> fields = OutboxStringCache.NoFields;
        if (count > 0)
        {
            var dictionary = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = cache.FieldName(i, r.Bytes());
                dictionary[name] = r.Copy(player, message);
            }

            fields = dictionary;
        }

        return new FactorioEvent(id, server, source, type, player, message, fields, pattern, route, new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset)), raw, text);
    }

    /// <summary>A string that is often equal to another one of the event: 0 and 1 say "the same as a / b", else length + 2.</summary>
    private static void WriteCopy(ArrayBufferWriter<byte> output, string value, string? a, string? b)
    {
        if (string.Equals(value, a, StringComparison.Ordinal))
        {
            WriteNumber(output, 0);
        }
        else if (string.Equals(value, b, StringComparison.Ordinal))
        {
            WriteNumber(output, 1);
        }
        else
        {
            WriteString(output, value, 2);
        }
    }

    private static void WriteNullable(ArrayBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            WriteNumber(output, 0);
        }
        else
        {
            WriteString(output, value, 1);
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value, int bias = 0)
    {
        // Reserve a prefix wide enough for the worst case, encode, then write the real length padded to that width
        // (LEB128 allows non-minimal forms), so the string is encoded once.
        var max = Encoding.UTF8.GetMaxByteCount(value.Length) + bias;
        var width = max < 0x80 ? 1 : max < 0x4000 ? 2 : max < 0x200000 ? 3 : 5;
        var span = output.GetSpan(width + max - bias);
        var length = Encoding.UTF8.GetBytes(value, span[width..]);
        var number = (ulong)(length + bias);
        for (var i = 0; i < width - 1; i++)
        {
            span[i] = (byte)(0x80 | (number & 0x7F));
            number >>= 7;
        }

        span[width - 1] = (byte)number;
        output.Advance(width + length);
    }

    private static void WriteNumber(ArrayBufferWriter<byte> output, ulong number)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (number >= 0x80)
        {
            span[i++] = (byte)(0x80 | (number & 0x7F));
            number >>= 7;
        }

        span[i++] = (byte)number;
        output.Advance(i);
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public ulong Number()
        {
            ulong result = 0;
            var shift = 0;
            while (true)
            {
                var b = _data[_at++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }

                shift += 7;
            }
        }

        public ReadOnlySpan<byte> Fixed(int length)
        {
            var span = _data.Slice(_at, length);
            _at += length;
            return span;
        }

        public ReadOnlySpan<byte> Bytes() => Fixed((int)Number());

        public string Copy(string? a, string? b) => Number() switch
        {
            0 => a!,
            1 => b!,
            var n => Encoding.UTF8.GetString(Fixed((int)n - 2)),
        };

        public bool NullableBytes(out ReadOnlySpan<byte> bytes)
        {
            var n = (int)Number();
            bytes = n == 0 ? default : Fixed(n - 1);
            return n != 0;
        }
    }
}

/// <summary>
/// Reuses the strings that repeat from one event to the next (server, type, pattern, route, field names), so decoding
/// a segment allocates them once. One per reader; not thread-safe.
/// </summary>
internal sealed class OutboxStringCache
{
    public static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(0, StringComparer.Ordinal);

    private readonly List<Slot> _fieldNames = [];

    public Slot Server { get; } = new();

    public Slot Type { get; } = new();

    public Slot Pattern { get; } = new();

    public Slot Route { get; } = new();

    public string FieldName(int index, ReadOnlySpan<byte> bytes)
    {
        while (_fieldNames.Count <= index)
        {
            _fieldNames.Add(new Slot());
        }

        return _fieldNames[index].Get(bytes);
    }

    internal sealed class Slot
    {
        private byte[] _bytes = [];
        private string _value = string.Empty;

        public string Get(ReadOnlySpan<byte> bytes)
        {
            if (!bytes.SequenceEqual(_bytes))
            {
                _bytes = bytes.ToArray();
                _value = Encoding.UTF8.GetString(bytes);
            }

            return _value;
        }
    }
}
