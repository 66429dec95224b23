using System.Text;

namespace FactorioIsr.Discord.Messages;

/// <summary>
/// Escapes game text for Discord: markdown specials, line-start syntax, masked links, and mention markup
/// (a zero-width space after <c>@</c> and inside <c>&lt;@</c>). Cosmetic: pings are prevented by allowed_mentions.
/// </summary>
internal static class DiscordMarkdown
{
    private const char ZeroWidthSpace = '\u200B';

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var lineStart = true;
        var escapeDotAt = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (lineStart)
            {
                // Leading quote, heading, list and subtext markers.
                if (c is '>' or '#' or '-' or '+')
                {
                    result.Append('\\');
                }
                else if (char.IsAsciiDigit(c))
                {
                    escapeDotAt = NumberedListDot(text, i);
                }
            }

            switch (c)
            {
                case '\\' or '*' or '_' or '~' or '|' or '`' or '[' or ']' or '(' or ')':
                    result.Append('\\').Append(c);
                    break;
                case '@':
                    result.Append('@').Append(ZeroWidthSpace);
                    break;
                case '<':
                    // <@id>, <@&id>, <#id>, </cmd:id>, <t:...>: break the markup.
                    result.Append('<').Append(ZeroWidthSpace);
                    break;
                case '\r':
                    break;
                case '.' when i == escapeDotAt:
                    result.Append("\\.");
                    break;
                default:
                    result.Append(c);
                    break;
            }

            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }

        return result.ToString();
    }

    /// <summary>The index of the dot of a line-leading <c>12.</c>, or -1.</summary>
    private static int NumberedListDot(string text, int at)
    {
        var i = at;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i < text.Length && text[i] == '.' ? i : -1;
    }
}
