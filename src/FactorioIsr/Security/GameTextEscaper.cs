using System.Globalization;
using FactorioIsr.Events;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FactorioIsr.Security;

/// <summary>
/// Makes game text safe to put inside a Discord message: Factorio rich text made readable, invisible and
/// direction-changing characters removed, every markdown character escaped, <c>@everyone</c>/<c>@here</c> and
/// <c>&lt;@id&gt;</c>/<c>&lt;@&amp;id&gt;</c>/<c>&lt;#id&gt;</c> neutralised, and the length capped in code points.
/// Outputs also send an explicit <c>allowed_mentions</c>; this is the second lock on the same door.
/// </summary>
internal static class GameTextEscaper
{
    /// <summary>Zero-width space: breaks <c>@everyone</c> without changing what a reader sees.</summary>
    private const char ZeroWidthSpace = '\u200B';

    private const char Ellipsis = '…';

    /// <summary>Escapes one value of game text, whole.</summary>
    public static string Escape(string value) => Escape(value, int.MaxValue, int.MaxValue);

    /// <summary>
    /// Escapes one value of game text. <paramref name="maxCodePoints"/> caps the readable text (before escaping),
    /// ending a cut value with an ellipsis.
    /// </summary>
    public static string Escape(string value, int maxCodePoints) => Escape(value, maxCodePoints, int.MaxValue);

    /// <summary>
    /// Escapes one value of game text to at most <paramref name="maxLength"/> UTF-16 characters, escapes and the
    /// ellipsis of a cut included (a Discord field limit), and at most <paramref name="maxCodePoints"/> readable code points.
    /// </summary>
    public static string Escape(string value, int maxCodePoints, int maxLength)
    {
        var plain = FactorioRichText.ToReadable(value);
        var builder = new CharBuffer(Math.Min(plain.Length, maxLength) + 16);
        AppendEscaped(builder, plain, maxCodePoints, maxLength);
        return builder.ToString();
    }

    /// <summary>Printable ASCII that needs no escaping: a run of these is copied whole. Bit c of the pair is ASCII c.</summary>
    private static readonly (ulong Low, ulong High) SafeAscii = SafeAsciiBits();

    private static (ulong Low, ulong High) SafeAsciiBits()
    {
        ulong low = 0, high = 0;
        for (var c = 0x20; c < 0x7F; c++)
        {
            if (!"\\*_~`|>#-[]()<:@".Contains((char)c, StringComparison.Ordinal))
            {
                if (c < 64)
                {
                    low |= 1UL << c;
                }
                else
                {
                    high |= 1UL << (c - 64);
                }
            }
        }

        return (low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSafeAscii(char c, ulong low, ulong high) =>
        c < 64 ? ((low >> c) & 1) != 0 : c < 128 && ((high >> (c - 64)) & 1) != 0;

    /// <summary>The length of the run of <see cref="SafeAscii"/> characters at the start of <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int SafeRun(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            while (i + Vector256<ushort>.Count <= text.Length)
            {
                var bad = NotSafe(Vector256.LoadUnsafe(ref src, (nuint)i));
                if (bad != Vector256<ushort>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(bad.ExtractMostSignificantBits());
                }

                i += Vector256<ushort>.Count;
            }
        }

        var (low, high) = SafeAscii;
        while (i < text.Length && IsSafeAscii(text[i], low, high))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The lanes that are not <see cref="SafeAscii"/>: controls, DEL and beyond ASCII, and <c>\*_~`|&gt;#-[]()&lt;:@</c>
    /// (as ranges where they are neighbours: <c>()*</c>, <c>[\]</c>, <c>_`</c>, <c>&lt;</c>/<c>&gt;</c> differing in one bit,
    /// <c>~</c> with everything above it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> NotSafe(Vector256<ushort> v) =>
        Vector256.LessThan(v, Vector256.Create((ushort)0x20))
        | Vector256.GreaterThan(v, Vector256.Create((ushort)('~' - 1)))
        | Vector256.LessThan(v - Vector256.Create((ushort)'('), Vector256.Create((ushort)3))
        | Vector256.LessThan(v - Vector256.Create((ushort)'['), Vector256.Create((ushort)3))
        | Vector256.LessThan(v - Vector256.Create((ushort)'_'), Vector256.Create((ushort)2))
        | Vector256.Equals(v | Vector256.Create((ushort)2), Vector256.Create((ushort)'>'))
        | Vector256.Equals(v, Vector256.Create((ushort)'#'))
        | Vector256.Equals(v, Vector256.Create((ushort)'-'))
        | Vector256.Equals(v, Vector256.Create((ushort)':'))
        | Vector256.Equals(v, Vector256.Create((ushort)'@'))
        | Vector256.Equals(v, Vector256.Create((ushort)'|'));

    /// <summary>Appends one escaped value, capped at <paramref name="maxCodePoints"/> readable code points.</summary>
    public static void AppendEscaped(CharBuffer builder, ReadOnlySpan<char> plain, int maxCodePoints) =>
        AppendEscaped(builder, plain, maxCodePoints, int.MaxValue);

    /// <summary>
    /// Appends one escaped value, capped at <paramref name="maxCodePoints"/> readable code points and so that
    /// <paramref name="builder"/> never grows past <paramref name="maxLength"/> UTF-16 characters, escapes and the
    /// ellipsis of a cut included. The length is checked once per copied run of safe text and once per escaped character.
    /// </summary>
    /// <returns>False when the text was cut at <paramref name="maxLength"/>: nothing more fits after it.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AppendEscaped(CharBuffer builder, ReadOnlySpan<char> plain, int maxCodePoints, int maxLength)
    {
        // The last character before maxLength stays free for the ellipsis of a cut.
        var end = maxLength - 1;
        var count = 0;
        for (var i = 0; i < plain.Length; i++)
        {
            // Plain ASCII runs (most of any chat line) are copied whole.
            var run = SafeRun(plain[i..]);
            if (run > 0)
            {
                var room = end - builder.Length;
                var take = Math.Max(0, Math.Min(run, Math.Min(maxCodePoints - count, room)));
                builder.Append(plain.Slice(i, take));
                count += take;
                i += take;
                if (take < run || (count >= maxCodePoints && i < plain.Length))
                {
                    return Cut(builder, maxLength, goesOn: take < room);
                }

                if (i >= plain.Length)
                {
                    return true;
                }
            }

            var c = plain[i];
            if (char.IsHighSurrogate(c) && i + 1 < plain.Length && char.IsLowSurrogate(plain[i + 1]))
            {
                if (++count > maxCodePoints || builder.Length + 2 > end)
                {
                    return Cut(builder, maxLength, goesOn: builder.Length + 2 <= end);
                }

                builder.Append(c).Append(plain[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                c = '\uFFFD'; // A lone surrogate (from broken input) is not text.
            }

            if (IsInvisible(c))
            {
                continue;
            }

            if (++count > maxCodePoints || builder.Length + EscapedLength(c) > end)
            {
                return Cut(builder, maxLength, goesOn: builder.Length + EscapedLength(c) <= end);
            }

            switch (c)
            {
                case '\r' or '\n' or '\t' or '\u0085' or '\u2028' or '\u2029':
                    builder.Append(' ');
                    break;
                case < ' ' or '\u007F':
                    builder.Append('\uFFFD');
                    break;
                case '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '-' or '[' or ']' or '(' or ')' or '<' or ':':
                    builder.Append('\\').Append(c);
                    break;
                case '@':
                    builder.Append('@');
                    if (StartsMassMention(plain, i + 1))
                    {
                        builder.Append(ZeroWidthSpace);
                    }

                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return true;
    }

    /// <summary>How many characters <paramref name="c"/> takes once escaped (an <c>@</c> may get a zero-width space).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EscapedLength(char c) =>
        c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '-' or '[' or ']' or '(' or ')' or '<' or ':' or '@' ? 2 : 1;

    /// <summary>
    /// Ends a cut value with an ellipsis when it fits. <paramref name="goesOn"/>: the value was cut at its code-point
    /// cap with room left, so text may follow; false when it was cut at <paramref name="maxLength"/>.
    /// </summary>
    private static bool Cut(CharBuffer builder, int maxLength, bool goesOn)
    {
        if (builder.Length < maxLength)
        {
            builder.Append(Ellipsis);
        }

        return goesOn && builder.Length < maxLength;
    }

    /// <summary>Whether the text after an <c>@</c> (ignoring characters we drop) spells everyone or here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool StartsMassMention(ReadOnlySpan<char> plain, int from)
    {
        Span<char> word = stackalloc char[8];
        var length = 0;
        for (var i = from; i < plain.Length && length < word.Length; i++)
        {
            if (IsInvisible(plain[i]))
            {
                continue;
            }

            if (!char.IsLetter(plain[i]))
            {
                break;
            }

            word[length++] = char.ToLowerInvariant(plain[i]);
        }

        var w = word[..length];
        return w.StartsWith("everyone") || w.StartsWith("here");
    }

    /// <summary>Format characters (zero-width, bidi controls, BOM, soft hyphen) except the emoji joiner.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsInvisible(char c) =>
        c != '\u200D' && c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
