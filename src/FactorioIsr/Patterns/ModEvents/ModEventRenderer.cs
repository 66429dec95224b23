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

    /// <summary>Template text (trusted markup): the relay's rule (<see cref="EventRenderer.AppendLiteral"/>).</summary>
    private static bool AppendLiteral(CharBuffer builder, string text, int limit) => EventRenderer.AppendLiteral(builder, text, limit);
}
