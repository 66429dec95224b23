using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;

namespace FactorioIsr.Events;

/// <summary>
/// A JSON string encoder that escapes only what JSON requires (quote, backslash, control characters), so emoji and
/// every script stay readable in <c>isr parse</c> and JSONL output. Never use it for HTML: it does not escape &lt; or &amp;.
/// </summary>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static MinimalJsonEncoder Instance { get; } = new();

    private static readonly SearchValues<byte> Utf8ToEncode = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', 0x7F]);

    private static readonly SearchValues<char> CharsToEncode = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '"', '\\', '\u007F']);

    private MinimalJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 12; // A lone surrogate becomes "\uFFFD"-style text at worst.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => utf8Text.IndexOfAny(Utf8ToEncode);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var index = span.IndexOfAny(CharsToEncode);
        var limit = index < 0 ? span.Length : index;

        // Lone surrogates must be escaped (replaced) too; well-formed pairs pass. Most text has no surrogate at all.
        var surrogate = span[..limit].IndexOfAnyInRange('\uD800', '\uDFFF');
        if (surrogate < 0)
        {
            return index;
        }

        for (var i = surrogate; i < limit; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return i;
            }
        }

        return index;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        if (!WillEncode(unicodeScalar))
        {
            return new System.Text.Rune(unicodeScalar).TryEncodeToUtf16(output, out numberOfCharactersWritten);
        }

        var escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => $"\\u{unicodeScalar:X4}",
        };
        if (escape.Length > output.Length)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        escape.AsSpan().CopyTo(output);
        numberOfCharactersWritten = escape.Length;
        return true;
    }

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or 0x7F || (unicodeScalar is >= 0xD800 and <= 0xDFFF);
}
