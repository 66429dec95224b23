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
        if (pattern.Definition.Emoji.Length > 0)
        {
            builder.Append(pattern.Definition.Emoji).Append(' ');
        }

        var prefixLength = builder.Length;
        foreach (var segment in pattern.RenderSegments)
        {
            if (segment.Group == RenderSegment.Literal)
            {
                builder.Append(segment.Text);
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
                DiscordText.AppendEscaped(builder, FactorioRichText.ToReadable(Body(line)), MaxTextLength);
                return;
            }

            DiscordText.AppendEscaped(builder, FactorioRichText.ToReadable(value), segment.Cap);
        }
    }

    /// <summary>The line without its timestamp (console log) or elapsed-time prefix (current log).</summary>
    public static string Body(string line)
    {
        var prefix = LinePrefix().Match(line);
        return prefix.Success ? line[prefix.Length..] : line;
    }
}
