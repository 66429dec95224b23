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
    /// Longest chat line sent, in code points (<see cref="ChatLine"/>, <see cref="RelayedChatLine"/>): about four
    /// lines of the in-game chat box. Discord allows 2000 (4000 with Nitro); a line that long would scroll the whole
    /// chat away, and the rest is readable in Discord anyway.
    /// </summary>
    public const int MaxChatLength = 500;

    /// <summary>Longest author name kept in a relayed line, in code points (Discord display names are at most 32).</summary>
    public const int MaxAuthorLength = 32;

    private const char ZeroWidthSpace = '\u200B';

    private const char Ellipsis = '\u2026';

    /// <summary>
    /// Free text made safe to show in the game's chat, whatever it contains: every run of control characters and
    /// white space becomes one space (chat is one line), invisible and direction-changing characters (Unicode format
    /// characters such as U+200B or U+202E) are removed, and <c>[</c> <c>]</c> become <c>(</c> <c>)</c>, so no
    /// Factorio rich-text tag (<c>[img=...]</c>, <c>[gps=...]</c>, <c>[color=...]</c>, <c>[font=...]</c>, ...) can be
    /// formed: none is considered safe. Cut to <paramref name="maxCodePoints"/> code points, a cut text ending in an
    /// ellipsis. Applying it twice changes nothing.
    /// </summary>
    public static string ChatText(string? text, int maxCodePoints = MaxChatLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCodePoints, 1);
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxCodePoints * 2));
        var count = 0;
        var pendingSpace = false;
        var cut = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.IsWhiteSpace(rune))
            {
                pendingSpace = count > 0;
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            if (count + (pendingSpace ? 2 : 1) > maxCodePoints)
            {
                cut = true;
                break;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                count++;
                pendingSpace = false;
            }

            switch (rune.Value)
            {
                case '[':
                    builder.Append('(');
                    break;
                case ']':
                    builder.Append(')');
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }

            count++;
        }

        if (cut)
        {
            // Room for the ellipsis: drop the last code point (and a space before it).
            if (count >= maxCodePoints)
            {
                RemoveLastRune(builder);
            }

            builder.Append(Ellipsis);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Text sent as raw console input, which Factorio posts as <c>[CHAT] &lt;server&gt;: text</c>: the text made safe
    /// by <see cref="ChatText"/>, at most <see cref="MaxChatLength"/> code points. A leading <c>/</c> would run a
    /// command (and a leading <c>.</c> is kept off too, for mods that take it as a prefix), so either is preceded by a
    /// zero-width space.
    /// </summary>
    public static string ChatLine(string? text) => GuardLeading(ChatText(text));

    /// <summary>
    /// One chat line relayed from elsewhere: <c>[origin] author: text</c> (for the chat bridge,
    /// <c>[Discord] Name: text</c>), each part made safe by <see cref="ChatText"/>, the author cut to
    /// <see cref="MaxAuthorLength"/> and the text to what is left of <see cref="MaxChatLength"/>. Empty when the text is.
    /// </summary>
    public static string RelayedChatLine(string origin, string author, string? text)
    {
        var source = ChatText(origin, MaxAuthorLength);
        var name = ChatText(author, MaxAuthorLength);
        if (name.Length == 0)
        {
            name = "?";
        }

        var prefix = (source.Length == 0 ? "" : "[" + source + "] ") + name + ": ";
        var room = MaxChatLength - CountRunes(prefix);
        var body = ChatText(text, room);
        return body.Length == 0 ? string.Empty : GuardLeading(prefix + body);
    }

    private static string GuardLeading(string line) =>
        line.StartsWith('/') || line.StartsWith('.') ? ZeroWidthSpace + line : line;

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static void RemoveLastRune(StringBuilder builder)
    {
        var remove = builder.Length >= 2 && char.IsLowSurrogate(builder[^1]) && char.IsHighSurrogate(builder[^2]) ? 2 : 1;
        builder.Length -= remove;
        if (builder.Length > 0 && builder[^1] == ' ')
        {
            builder.Length--;
        }
    }
}
