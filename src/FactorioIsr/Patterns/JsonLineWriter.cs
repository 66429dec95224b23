using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FactorioIsr.Patterns;

/// <summary>
/// Writes the JSON of <c>isr parse</c> straight into UTF-8: strings are escaped the way <see cref="Events.MinimalJsonEncoder"/>
/// escapes them (quote, backslash and control characters only; <c>\n \r \t \b \f</c> short, others <c>\u00XX</c>;
/// a lone surrogate becomes U+FFFD), so emoji and every script stay readable. Commas and braces are the caller's.
/// </summary>
internal sealed class JsonLineWriter(PooledBufferWriter output)
{
    /// <summary>Raw bytes, already JSON (property names with their quotes and colon, punctuation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(output.GetSpan(utf8.Length));
        output.Advance(utf8.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Null() => Raw("null"u8);

    /// <summary>A JSON string from UTF-16 text (at most 6 bytes per character, plus the quotes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void String(ReadOnlySpan<char> value)
    {
        var span = output.GetSpan((value.Length * 6) + 2);
        ref var dst = ref MemoryMarshal.GetReference(span);
        ref var src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
        var w = 0;
        Unsafe.Add(ref dst, w++) = (byte)'"';
        var i = 0;
        while (i < value.Length)
        {
            // Whole vectors of printable ASCII are narrowed and stored; in a vector holding a character to escape,
            // the run before it is kept (the store is unconditional: 6 bytes per character are reserved).
            if (Vector256.IsHardwareAccelerated)
            {
                var low = Vector256.Create((ushort)0x20);
                var high = Vector256.Create((ushort)0x7E);
                var quote = Vector256.Create((ushort)'"');
                var backslash = Vector256.Create((ushort)'\\');
                while (i + Vector256<ushort>.Count <= value.Length)
                {
                    var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                    var bad = Vector256.LessThan(v, low) | Vector256.GreaterThan(v, high) | Vector256.Equals(v, quote) | Vector256.Equals(v, backslash);
                    Vector256.Narrow(v, v).GetLower().StoreUnsafe(ref dst, (nuint)w);
                    if (bad != Vector256<ushort>.Zero)
                    {
                        var good = BitOperations.TrailingZeroCount(bad.ExtractMostSignificantBits());
                        i += good;
                        w += good;
                        break;
                    }

                    i += Vector256<ushort>.Count;
                    w += Vector256<ushort>.Count;
                }
            }

            // The tail shorter than a 256-bit vector (or every step without 256-bit vectors), 8 characters at once.
            if (Vector128.IsHardwareAccelerated && i + Vector128<ushort>.Count <= value.Length
                && (!Vector256.IsHardwareAccelerated || i + Vector256<ushort>.Count > value.Length))
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                var bad = Vector128.LessThan(v, Vector128.Create((ushort)0x20)) | Vector128.GreaterThan(v, Vector128.Create((ushort)0x7E))
                    | Vector128.Equals(v, Vector128.Create((ushort)'"')) | Vector128.Equals(v, Vector128.Create((ushort)'\\'));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, w), Vector128.Narrow(v, v).AsUInt64().ToScalar());
                var good = bad == Vector128<ushort>.Zero ? Vector128<ushort>.Count : BitOperations.TrailingZeroCount(bad.ExtractMostSignificantBits());
                i += good;
                w += good;
                if (good == Vector128<ushort>.Count)
                {
                    continue;
                }
            }

            if (i >= value.Length)
            {
                break;
            }

            // One character at a time: a character to escape, then any run of non-ASCII characters after it (a vector
            // would stop at each of them again).
            do
            {
                var c = value[i++];
                if (c < 0x80)
                {
                    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
                    {
                        Unsafe.Add(ref dst, w++) = (byte)c;
                    }
                    else
                    {
                        w += Escape(c, ref Unsafe.Add(ref dst, w));
                    }
                }
                else if (c < 0x800)
                {
                    Unsafe.Add(ref dst, w++) = (byte)(0xC0 | (c >> 6));
                    Unsafe.Add(ref dst, w++) = (byte)(0x80 | (c & 0x3F));
                }
                else if (char.IsSurrogate(c))
                {
                    if (char.IsHighSurrogate(c) && i < value.Length && char.IsLowSurrogate(value[i]))
                    {
                        var scalar = char.ConvertToUtf32(c, value[i++]);
                        Unsafe.Add(ref dst, w++) = (byte)(0xF0 | (scalar >> 18));
                        Unsafe.Add(ref dst, w++) = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                        Unsafe.Add(ref dst, w++) = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                        Unsafe.Add(ref dst, w++) = (byte)(0x80 | (scalar & 0x3F));
                    }
                    else
                    {
                        Unsafe.Add(ref dst, w++) = 0xEF; // U+FFFD: a lone surrogate is not text
                        Unsafe.Add(ref dst, w++) = 0xBF;
                        Unsafe.Add(ref dst, w++) = 0xBD;
                    }
                }
                else
                {
                    Unsafe.Add(ref dst, w++) = (byte)(0xE0 | (c >> 12));
                    Unsafe.Add(ref dst, w++) = (byte)(0x80 | ((c >> 6) & 0x3F));
                    Unsafe.Add(ref dst, w++) = (byte)(0x80 | (c & 0x3F));
                }
            }
            while (i < value.Length && value[i] >= 0x80);
        }

        Unsafe.Add(ref dst, w++) = (byte)'"';
        output.Advance(w);
    }

    /// <summary>A JSON string from text that is valid UTF-8 (checked by the caller): bytes copied, escapes added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Utf8String(ReadOnlySpan<byte> value)
    {
        var span = output.GetSpan((value.Length * 6) + 2);
        ref var dst = ref MemoryMarshal.GetReference(span);
        ref var src = ref MemoryMarshal.GetReference(value);
        var w = 0;
        Unsafe.Add(ref dst, w++) = (byte)'"';
        var i = 0;
        while (i < value.Length)
        {
            if (Vector128.IsHardwareAccelerated)
            {
                var low = Vector128.Create((byte)0x20);
                var del = Vector128.Create((byte)0x7F);
                var quote = Vector128.Create((byte)'"');
                var backslash = Vector128.Create((byte)'\\');
                while (i + Vector128<byte>.Count <= value.Length)
                {
                    var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                    var bad = Vector128.LessThan(v, low) | Vector128.Equals(v, del) | Vector128.Equals(v, quote) | Vector128.Equals(v, backslash);
                    v.StoreUnsafe(ref dst, (nuint)w);
                    if (bad != Vector128<byte>.Zero)
                    {
                        var good = BitOperations.TrailingZeroCount(bad.ExtractMostSignificantBits());
                        i += good;
                        w += good;
                        break;
                    }

                    i += Vector128<byte>.Count;
                    w += Vector128<byte>.Count;
                }

                if (i >= value.Length)
                {
                    break;
                }
            }

            var b = value[i++];
            if (b >= 0x20 && b != '"' && b != '\\' && b != 0x7F)
            {
                Unsafe.Add(ref dst, w++) = b;
            }
            else
            {
                w += Escape((char)b, ref Unsafe.Add(ref dst, w));
            }
        }

        Unsafe.Add(ref dst, w++) = (byte)'"';
        output.Advance(w);
    }

    /// <summary>Writes the escape of an ASCII character JSON requires escaping; returns its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Escape(char c, ref byte dst)
    {
        var shortForm = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => '\0',
        };
        dst = (byte)'\\';
        if (shortForm != '\0')
        {
            Unsafe.Add(ref dst, 1) = (byte)shortForm;
            return 2;
        }

        Unsafe.Add(ref dst, 1) = (byte)'u';
        Unsafe.Add(ref dst, 2) = (byte)'0';
        Unsafe.Add(ref dst, 3) = (byte)'0';
        Unsafe.Add(ref dst, 4) = (byte)"0123456789ABCDEF"[c >> 4];
        Unsafe.Add(ref dst, 5) = (byte)"0123456789ABCDEF"[c & 0xF];
        return 6;
    }

    /// <summary>A name as a JSON property prefix: <c>,"name":</c> (or without the comma), encoded once.</summary>
    public static byte[] PropertyPrefix(string name, bool comma = true)
    {
        using var buffer = new PooledBufferWriter(64);
        var writer = new JsonLineWriter(buffer);
        if (comma)
        {
            writer.Raw(","u8);
        }

        writer.String(name);
        writer.Raw(":"u8);
        return buffer.WrittenMemory.ToArray();
    }

    /// <summary>A whole JSON string value, encoded once.</summary>
    public static byte[] StringValue(string value)
    {
        using var buffer = new PooledBufferWriter(64);
        new JsonLineWriter(buffer).String(value);
        return buffer.WrittenMemory.ToArray();
    }
}
