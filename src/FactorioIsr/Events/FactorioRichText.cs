using System.Text;

namespace FactorioIsr.Events;

/// <summary>
/// Turns Factorio rich text into readable plain text: <c>[gps=x,y,surface]</c> → <c>(x, y on surface)</c>,
/// <c>[item=iron-plate]</c> → <c>iron-plate</c>, <c>[color=red]hi[/color]</c> → <c>hi</c>,
/// <c>[special-item=internal_1]</c> → <c>(blueprint)</c>. Unknown tags stay as written.
/// </summary>
internal static class FactorioRichText
{
    private static readonly HashSet<string> IconTags = new(StringComparer.Ordinal)
    {
        "item", "entity", "technology", "recipe", "item-group", "fluid", "tile", "virtual-signal", "achievement",
        "armor", "space-location", "planet", "quality", "space-platform", "shortcut", "tip",
    };

    private static readonly HashSet<string> StyleTags = new(StringComparer.Ordinal) { "color", "font", "tooltip" };

    /// <summary>The readable form of a span: the span itself when it holds no tag (the common case, no copy).</summary>
    public static ReadOnlySpan<char> ToReadable(ReadOnlySpan<char> text) =>
        text.Contains('[') ? ToReadable(text.ToString()) : text;

    public static string ToReadable(string text)
    {
        if (text.IndexOf('[', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('[', i);
            if (open < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, open - i);
            var close = text.IndexOf(']', open + 1);
            if (close < 0)
            {
                builder.Append(text, open, text.Length - open);
                break;
            }

            var tag = text.AsSpan(open + 1, close - open - 1);
            if (TryRender(tag, builder))
            {
                i = close + 1;
            }
            else
            {
                builder.Append('[');
                i = open + 1;
            }
        }

        return builder.ToString();
    }

    private static bool TryRender(ReadOnlySpan<char> tag, StringBuilder builder)
    {
        if (tag.Length > 1 && tag[0] == '/')
        {
            return StyleTags.Contains(tag[1..].ToString());
        }

        var equals = tag.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var name = tag[..equals].ToString();
        var value = tag[(equals + 1)..];
        switch (name)
        {
            case "gps":
                RenderGps(value, builder);
                return true;
            case "special-item":
                builder.Append("(blueprint)");
                return true;
            case "img":
                var slash = value.LastIndexOf('/');
                builder.Append(slash >= 0 ? value[(slash + 1)..] : value);
                return true;
            case "train" or "train-stop":
                builder.Append(name.Replace('-', ' ')).Append(' ').Append(value);
                return true;
            case var style when StyleTags.Contains(style):
                return true;
            case var icon when IconTags.Contains(icon):
                RenderIcon(value, builder);
                return true;
            default:
                return false;
        }
    }

    private static void RenderIcon(ReadOnlySpan<char> value, StringBuilder builder)
    {
        var comma = value.IndexOf(',');
        if (comma < 0)
        {
            builder.Append(value);
            return;
        }

        builder.Append(value[..comma]);
        var quality = value[(comma + 1)..];
        if (quality.StartsWith("quality="))
        {
            builder.Append(" (").Append(quality["quality=".Length..]).Append(')');
        }
    }

    private static void RenderGps(ReadOnlySpan<char> value, StringBuilder builder)
    {
        Span<Range> parts = stackalloc Range[4];
        var count = value.Split(parts, ',');
        builder.Append('(');
        if (count >= 2)
        {
            builder.Append(value[parts[0]].Trim()).Append(", ").Append(value[parts[1]].Trim());
            if (count >= 3)
            {
                builder.Append(" on ").Append(value[parts[2]].Trim());
            }
        }
        else
        {
            builder.Append(value);
        }

        builder.Append(')');
    }
}
