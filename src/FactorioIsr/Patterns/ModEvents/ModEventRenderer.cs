using FactorioIsr.Events;
using FactorioIsr.Security;

namespace FactorioIsr.Patterns.ModEvents;

/// <summary>
/// Renders a mod line with its entry: the emoji, then the template with every value escaped (markdown, mentions,
/// rich text made readable) and capped as <see cref="EventRenderer"/> caps a log line's groups.
/// </summary>
internal static class ModEventRenderer
{
    public static string Render(ModEventEntry entry, ModLine line, string server)
    {
        var builder = new CharBuffer(256);
        var limit = EventRenderer.MaxRenderedLength;
        if (entry.Definition.Emoji.Length > 0 && (!AppendLiteral(builder, entry.Definition.Emoji, limit) || !AppendLiteral(builder, " ", limit)))
        {
            return builder.ToString();
        }

        foreach (var segment in entry.Template.Segments)
        {
            if (!segment.IsPlaceholder)
            {
                if (!AppendLiteral(builder, segment.Value, limit))
                {
                    break;
                }

                continue;
            }

            var value = segment.Value == "server" ? server : line.Get(segment.Value) ?? string.Empty;
            var cap = segment.Value == "player" ? EventRenderer.MaxPlayerLength : EventRenderer.MaxValueLength;
            if (!GameTextEscaper.AppendEscaped(builder, FactorioRichText.ToReadable(value), cap, limit))
            {
                break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Template text (trusted markup) whole when it fits, else cut before the limit with an ellipsis; false when cut.</summary>
    private static bool AppendLiteral(CharBuffer builder, string text, int limit)
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
        builder.Append('…');
        return false;
    }
}
