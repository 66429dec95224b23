using System.Text;

namespace FactorioIsr.Rcon.Lua;

/// <summary>
/// The one place where text becomes Lua source. <see cref="Quote"/> returns a double-quoted Lua string literal that
/// Lua 5.1 (Factorio) and 5.2 read back as exactly the UTF-8 bytes of the input: quotes, backslashes and every
/// control character (NUL, newlines, DEL) are escaped with three-digit decimal escapes, everything else stays raw
/// UTF-8 (Lua 5.1 has no <c>\u</c> escape). Lone surrogates cannot be encoded in UTF-8 and become U+FFFD.
/// The output is a single line of printable text, so it is safe inside one RCON command.
/// </summary>
public static class LuaString
{
    /// <summary>Encodes <paramref name="value"/> as a Lua string literal, quotes included.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var rune in EnumerateRunes(value))
        {
            var scalar = rune.Value;
            switch (scalar)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case < 0x20 or 0x7F:
                    // Always three digits: "\0" followed by a digit would otherwise read as a different byte.
                    builder.Append('\\').Append(scalar.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    private static IEnumerable<Rune> EnumerateRunes(string value)
    {
        var index = 0;
        while (index < value.Length)
        {
            // DecodeFromUtf16 yields U+FFFD for a lone surrogate and tells how far to skip.
            Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var consumed);
            yield return rune;
            index += consumed;
        }
    }
}
