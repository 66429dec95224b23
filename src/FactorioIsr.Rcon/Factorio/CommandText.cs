using System.Text;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Free text (reasons, whispers, chat) placed after a built-in command's arguments. It cannot break out of the
/// command as long as it stays on one line, so control characters become spaces, it is trimmed and capped, and
/// text that would itself start a command (a leading <c>/</c>) is neutralised.
/// </summary>
public static class CommandText
{
    /// <summary>Longest free-text argument kept (Factorio chat is short; RCON commands are streamed slowly).</summary>
    public const int MaxLength = 1000;

    /// <summary>One line of text safe to append to a built-in command.</summary>
    public static string Sanitize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        var previousWasBreak = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= MaxLength)
            {
                break;
            }

            // A run of control characters (CR LF, tabs) becomes one space.
            var isBreak = Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029;
            if (!isBreak)
            {
                builder.Append(rune.ToString());
            }
            else if (!previousWasBreak)
            {
                builder.Append(' ');
            }

            previousWasBreak = isBreak;
        }

        return builder.ToString().Trim();
    }

    /// <summary>
    /// Text sent as raw console input, which Factorio posts as <c>[CHAT] &lt;server&gt;: text</c>. A leading '/'
    /// would run a command, so it is prefixed with a zero-width space.
    /// </summary>
    public static string ChatLine(string? text)
    {
        var line = Sanitize(text);
        return line.StartsWith('/') ? "\u200B" + line : line;
    }
}
