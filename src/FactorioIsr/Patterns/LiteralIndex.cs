using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FactorioIsr.Patterns;

/// <summary>
/// The patterns' required literals (ASCII, compared ignoring ASCII case), searched in a line of text or straight in
/// its UTF-8 bytes, so only patterns that can match are run and lines no pattern can match are never decoded.
/// Up to 64 literals (a bit each); patterns beyond that are always run.
/// </summary>
/// <remarks>
/// Under <c>IgnoreCase</c> the regex engines also match a non-ASCII letter to an ASCII one: the Kelvin sign to
/// <c>k</c> (the long s is listed for <c>s</c> too, conservatively; a test pins that no other character does).
/// A line containing such a twin always runs the patterns whose literal contains that letter.
/// The searches are written here (vectorized, fully optimized at first call) rather than taken from the runtime's
/// generic search helpers, which a short <c>isr parse</c> run would spend its first second on in unoptimized code.
/// </remarks>
internal sealed class LiteralIndex
{
    /// <summary>Non-ASCII characters the regex engine matches to an ASCII letter ignoring case, and that letter.</summary>
    internal static readonly (char Twin, char Letter)[] CaseTwins = [('\u212A', 'k'), ('\u017F', 's')];

    private readonly string[] _literals;
    private readonly Literal[] _compiled;

    public LiteralIndex(IEnumerable<string> literals)
    {
        _literals = [.. literals.Where(l => l.Length >= 2 && System.Text.Ascii.IsValid(l)).Distinct(StringComparer.OrdinalIgnoreCase).Take(64)];
        _compiled = [.. _literals.Select(l => new Literal(l))];
    }

    public int Count => _literals.Length;

    /// <summary>The bit of a literal, or 0 when it is not indexed (the pattern is then always run).</summary>
    public ulong BitOf(string? literal)
    {
        var index = IndexOf(literal);
        return index < 0 ? 0 : 1UL << index;
    }

    /// <summary>The position of a literal in the index, or -1 when it is not indexed.</summary>
    public int IndexOf(string? literal) =>
        literal is null ? -1 : Array.FindIndex(_literals, l => string.Equals(l, literal, StringComparison.OrdinalIgnoreCase));

    /// <summary>Bits of the <see cref="CaseTwins"/> whose ASCII letter the literal contains (either case).</summary>
    public static int TwinsOf(string? literal)
    {
        var bits = 0;
        for (var i = 0; literal is not null && i < CaseTwins.Length; i++)
        {
            if (literal.Contains(CaseTwins[i].Letter, StringComparison.OrdinalIgnoreCase))
            {
                bits |= 1 << i;
            }
        }

        return bits;
    }

    /// <summary>Bits of the <see cref="CaseTwins"/> present in a line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TwinsIn(ReadOnlySpan<char> line)
    {
        if (line.IndexOfAny('\u212A', '\u017F') < 0)
        {
            return 0; // The common case, found in one vectorized pass.
        }

        var bits = 0;
        foreach (var c in line)
        {
            if (c >= '\u0080')
            {
                for (var i = 0; i < CaseTwins.Length; i++)
                {
                    bits |= c == CaseTwins[i].Twin ? 1 << i : 0;
                }
            }
        }

        return bits;
    }

    /// <summary>Bits of the <see cref="CaseTwins"/> present in a line of UTF-8 (a twin's bytes; invalid bytes never form one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TwinsIn(ReadOnlySpan<byte> line)
    {
        if (line.IndexOfAny((byte)0xE2, (byte)0xC5) < 0)
        {
            return 0; // The common case, found in one vectorized pass.
        }

        var bits = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (b == 0xE2 && i + 2 < line.Length && line[i + 1] == 0x84 && line[i + 2] == 0xAA)
            {
                bits |= 1; // U+212A KELVIN SIGN
            }
            else if (b == 0xC5 && i + 1 < line.Length && line[i + 1] == 0xBF)
            {
                bits |= 2; // U+017F LATIN SMALL LETTER LONG S
            }
        }

        return bits;
    }

    /// <summary>Whether literal number <paramref name="index"/> occurs in the line (ignoring ASCII case).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(ReadOnlySpan<char> line, int index) =>
        Search(MemoryMarshal.Cast<char, ushort>(line), _compiled[index]);

    /// <summary>Whether literal number <paramref name="index"/> occurs in the UTF-8 line (ignoring ASCII case).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(ReadOnlySpan<byte> line, int index) => Search(line, _compiled[index]);

    /// <summary>A bit set of the literals present in <paramref name="line"/> (compared ignoring ASCII case).</summary>
    public ulong Scan(ReadOnlySpan<char> line)
    {
        ulong present = 0;
        for (var i = 0; i < _compiled.Length; i++)
        {
            present |= Contains(line, i) ? 1UL << i : 0;
        }

        return present;
    }

    /// <summary>A bit set of the literals present in the UTF-8 <paramref name="line"/> (compared ignoring ASCII case).</summary>
    public ulong Scan(ReadOnlySpan<byte> line)
    {
        ulong present = 0;
        for (var i = 0; i < _compiled.Length; i++)
        {
            present |= Contains(line, i) ? 1UL << i : 0;
        }

        return present;
    }

    /// <summary>
    /// Finds the literal by its two rarest characters, a vector of positions at a time (ASCII letters compared with
    /// their 0x20 bit set), then checks the candidates whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Search<T>(ReadOnlySpan<T> line, Literal literal)
        where T : unmanaged, IBinaryInteger<T>
    {
        var n = literal.Lower.Length;
        var last = line.Length - n;
        if (last < 0)
        {
            return false;
        }

        ref var start = ref MemoryMarshal.GetReference(line);
        var a = literal.Anchor1;
        var b = literal.Anchor2;
        var firstLow = T.CreateTruncating(literal.Lower[a]);
        var firstMask = T.CreateTruncating(literal.Mask[a]);
        var lastLow = T.CreateTruncating(literal.Lower[b]);
        var lastMask = T.CreateTruncating(literal.Mask[b]);
        var i = 0;
        if (Vector256.IsHardwareAccelerated && last + 1 >= Vector256<T>.Count)
        {
            var vFirst = Vector256.Create(firstLow);
            var vFirstMask = Vector256.Create(firstMask);
            var vLast = Vector256.Create(lastLow);
            var vLastMask = Vector256.Create(lastMask);
            var end = last + 1 - Vector256<T>.Count; // last position a whole vector can start at
            while (true)
            {
                var at = Math.Min(i, end);
                var hits = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(at + a)) | vFirstMask, vFirst)
                    & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(at + b)) | vLastMask, vLast);
                var bits = hits.ExtractMostSignificantBits();
                while (bits != 0)
                {
                    var position = at + BitOperations.TrailingZeroCount(bits);
                    if (Verify(line, position, literal))
                    {
                        return true;
                    }

                    bits &= bits - 1;
                }

                if (at == end)
                {
                    return false;
                }

                i = at + Vector256<T>.Count;
            }
        }

        if (Vector128.IsHardwareAccelerated && last + 1 >= Vector128<T>.Count)
        {
            var vFirst = Vector128.Create(firstLow);
            var vFirstMask = Vector128.Create(firstMask);
            var vLast = Vector128.Create(lastLow);
            var vLastMask = Vector128.Create(lastMask);
            var end = last + 1 - Vector128<T>.Count;
            while (true)
            {
                var at = Math.Min(i, end);
                var hits = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(at + a)) | vFirstMask, vFirst)
                    & Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(at + b)) | vLastMask, vLast);
                var bits = hits.ExtractMostSignificantBits();
                while (bits != 0)
                {
                    var position = at + BitOperations.TrailingZeroCount(bits);
                    if (Verify(line, position, literal))
                    {
                        return true;
                    }

                    bits &= bits - 1;
                }

                if (at == end)
                {
                    return false;
                }

                i = at + Vector128<T>.Count;
            }
        }

        for (; i <= last; i++)
        {
            if ((line[i + a] | firstMask) == firstLow && (line[i + b] | lastMask) == lastLow && Verify(line, i, literal))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Verify<T>(ReadOnlySpan<T> line, int position, Literal literal)
        where T : unmanaged, IBinaryInteger<T>
    {
        var lower = literal.Lower;
        var mask = literal.Mask;
        var text = line.Slice(position, lower.Length);
        for (var k = 0; k < lower.Length; k++)
        {
            if ((text[k] | T.CreateTruncating(mask[k])) != T.CreateTruncating(lower[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ASCII literal as lowercase bytes, with 0x20 masks on its letters (so both cases compare equal).</summary>
    private sealed class Literal
    {
        public Literal(string text)
        {
            Lower = new byte[text.Length];
            Mask = new byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var letter = char.IsAsciiLetter(c);
                Lower[i] = (byte)(letter ? c | 0x20 : c);
                Mask[i] = (byte)(letter ? 0x20 : 0);
            }

            // Anchor on the two characters least likely in log text, so fewer positions need checking whole.
            var byRarity = Enumerable.Range(0, text.Length).OrderBy(i => Commonness(Lower[i])).ThenBy(i => i).ToArray();
            Anchor1 = byRarity[0];
            Anchor2 = byRarity[1];
        }

        /// <summary>Offset of the rarest character.</summary>
        public int Anchor1 { get; }

        /// <summary>Offset of the second rarest character (another position).</summary>
        public int Anchor2 { get; }

        public byte[] Lower { get; }

        public byte[] Mask { get; }

        /// <summary>A rough rank of how common a (lowercase) character is in log lines: higher is more common.</summary>
        private static int Commonness(byte c)
        {
            const string ByFrequency = "zqjxkvbywgpfmucdlhrsnioate "; // English letters, least to most common, then space
            var letter = ByFrequency.IndexOf((char)c, StringComparison.Ordinal);
            return letter >= 0 ? 100 + letter : c is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)':' or (byte)'-' or (byte)',' ? 50 : 0;
        }
    }
}
