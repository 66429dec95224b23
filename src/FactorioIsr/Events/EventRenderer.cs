using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FactorioIsr.Patterns;
using FactorioIsr.Security;

namespace FactorioIsr.Events;

/// <summary>
/// Renders a match into Discord text: the pattern's template with every value escaped, the emoji in front.
/// A placeholder with no value never reaches the output: the event then shows its (escaped) log line instead.
/// </summary>
internal static partial class EventRenderer
{
    /// <summary>Cap of a player name, in code points (the reference's limit).</summary>
    public const int MaxPlayerLength = 100;

    /// <summary>Cap of any other value, in code points.</summary>
    public const int MaxValueLength = 1500;

    /// <summary>Cap of a whole event text before escaping; Discord's message limit is 2000.</summary>
    public const int MaxTextLength = 1800;

    /// <summary>
    /// Cap of a rendered text in UTF-16 characters (Discord's message limit), counting escapes, emoji and the
    /// template's own text; a text cut there ends with an ellipsis.
    /// </summary>
    public const int MaxRenderedLength = 2000;

    [GeneratedRegex(@"^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d |\s*\d+\.\d{3} )", RegexOptions.CultureInvariant)]
    private static partial Regex LinePrefix();

    [ThreadStatic]
    private static CharBuffer? t_builder;

    public static string Render(PatternMatch match, string server, string line)
    {
        var builder = t_builder ??= new CharBuffer(256);
        builder.Clear();
        RenderTo(builder, match, server, line);
        return builder.ToString();
    }

    /// <summary>Renders into <paramref name="builder"/> (appending), for callers that write the text without a string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RenderTo(CharBuffer builder, PatternMatch match, string server, string line)
    {
        var pattern = match.Pattern;
        var limit = builder.Length + MaxRenderedLength;
        var emoji = pattern.Definition.Emoji;
        if (emoji.Length > 0 && (!AppendLiteral(builder, emoji, limit) || !AppendLiteral(builder, " ", limit)))
        {
            return;
        }

        var prefixLength = builder.Length;
        foreach (var segment in pattern.RenderSegments)
        {
            if (segment.Group == RenderSegment.Literal)
            {
                if (!AppendLiteral(builder, segment.Text, limit))
                {
                    return;
                }

                continue;
            }

            ReadOnlySpan<char> value;
            if (segment.Group == RenderSegment.Server)
            {
                value = server;
            }
            else if (match.TryGroup(segment.Group, out var group))
            {
                value = group;
            }
            else
            {
                // Missing value: show the line itself rather than a literal "{message}".
                builder.Length = prefixLength;
                GameTextEscaper.AppendEscaped(builder, FactorioRichText.ToReadable(Body(line)), MaxTextLength, limit);
                return;
            }

            if (!GameTextEscaper.AppendEscaped(builder, FactorioRichText.ToReadable(value), segment.Cap, limit))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Appends template text (already Discord markup) whole when it fits before <paramref name="limit"/> with room
    /// for what follows; otherwise cuts it (never inside a surrogate pair) and ends with an ellipsis. False when cut.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool AppendLiteral(CharBuffer builder, string text, int limit)
    {
        if (builder.Length + text.Length < limit)
        {
            builder.Append(text);
            return true;
        }

        var room = Math.Max(0, limit - 1 - builder.Length);
        if (room > 0 && room < text.Length && char.IsHighSurrogate(text[room - 1]))
        {
            room--;
        }

        builder.Append(text.AsSpan(0, Math.Min(room, text.Length)));
        if (builder.Length < limit)
        {
            builder.Append('…');
        }

        return false;
    }

    /// <summary>The line without its timestamp (console log) or elapsed-time prefix (current log).</summary>
    public static string Body(string line)
    {
        var prefix = LinePrefix().Match(line);
        return prefix.Success ? line[prefix.Length..] : line;
    }
}
