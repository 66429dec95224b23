using System.Runtime.CompilerServices;

namespace FactorioIsr.Events;

/// <summary>
/// Turns Factorio rich text into readable plain text: <c>[gps=x,y,surface]</c> → <c>(x, y on surface)</c>,
/// <c>[item=iron-plate]</c> → <c>iron-plate</c>, <c>[color=red]hi[/color]</c> → <c>hi</c>,
/// <c>[special-item=internal_1]</c> → <c>(blueprint)</c>. Unknown tags stay as written.
/// </summary>
internal static class FactorioRichText
{
    /// <summary>The longest tag rendered (between its brackets); Factorio's are far shorter.</summary>
    internal const int MaxTagLength = 256;

    [ThreadStatic]
    private static CharBuffer? t_readable;

    /// <summary>
    /// The readable form of a span: the span itself when it holds no tag (the common case, no copy), otherwise a view
    /// of a per-thread buffer that stays valid until this thread's next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<char> ToReadable(ReadOnlySpan<char> text)
    {
        if (!text.Contains('['))
        {
            return text;
        }

        var buffer = t_readable ??= new CharBuffer(256);
        buffer.Clear();
        AppendReadable(buffer, text);
        return buffer.Span;
    }

    public static string ToReadable(string text)
    {
        if (!text.Contains('[', StringComparison.Ordinal))
        {
            return text;
        }

        var buffer = new CharBuffer(text.Length);
        AppendReadable(buffer, text);
        return buffer.ToString();
    }

    /// <summary>Appends the readable form of <paramref name="text"/>, tags rendered from the span without copies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendReadable(CharBuffer output, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var open = text.IndexOf('[');
            if (open < 0)
            {
                output.Append(text);
                return;
            }

            output.Append(text[..open]);
            var rest = text[(open + 1)..];
            var close = rest[..Math.Min(rest.Length, MaxTagLength + 1)].IndexOf(']');
            if (close < 0)
            {
                if (rest.Length <= MaxTagLength)
                {
                    output.Append(text[open..]);
                    return;
                }

                // No tag is this long: the '[' is text. (Searching the whole rest from every '[' made a line of
                // '[' characters quadratic.)
                output.Append('[');
                text = rest;
                continue;
            }

            if (TryRender(text.Slice(open + 1, close), output))
            {
                text = text[(open + close + 2)..];
            }
            else
            {
                output.Append('[');
                text = text[(open + 1)..];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryRender(ReadOnlySpan<char> tag, CharBuffer output)
    {
        if (tag.Length > 1 && tag[0] == '/')
        {
            return IsStyleTag(tag[1..]);
        }

        var equals = tag.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var name = tag[..equals];
        var value = tag[(equals + 1)..];
        switch (name)
        {
            case "gps":
                RenderGps(value, output);
                return true;
            case "special-item":
                output.Append("(blueprint)");
                return true;
            case "img":
                var slash = value.LastIndexOf('/');
                output.Append(slash >= 0 ? value[(slash + 1)..] : value);
                return true;
            case "train":
                output.Append("train ").Append(value);
                return true;
            case "train-stop":
                output.Append("train stop ").Append(value);
                return true;
            case var style when IsStyleTag(style):
                return true;
            case var icon when IsIconTag(icon):
                RenderIcon(value, output);
                return true;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsStyleTag(ReadOnlySpan<char> name) => name is "color" or "font" or "tooltip";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsIconTag(ReadOnlySpan<char> name) => name is "item" or "entity" or "technology" or "recipe"
        or "item-group" or "fluid" or "tile" or "virtual-signal" or "achievement" or "armor" or "space-location"
        or "planet" or "quality" or "space-platform" or "shortcut" or "tip";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RenderIcon(ReadOnlySpan<char> value, CharBuffer output)
    {
        var comma = value.IndexOf(',');
        if (comma < 0)
        {
            output.Append(value);
            return;
        }

        output.Append(value[..comma]);
        var quality = value[(comma + 1)..];
        if (quality.StartsWith("quality="))
        {
            output.Append(" (").Append(quality["quality=".Length..]).Append(')');
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RenderGps(ReadOnlySpan<char> value, CharBuffer output)
    {
        Span<Range> parts = stackalloc Range[4];
        var count = value.Split(parts, ',');
        output.Append('(');
        if (count >= 2)
        {
            output.Append(value[parts[0]].Trim()).Append(", ").Append(value[parts[1]].Trim());
            if (count >= 3)
            {
                output.Append(" on ").Append(value[parts[2]].Trim());
            }
        }
        else
        {
            output.Append(value);
        }

        output.Append(')');
    }
}
