using System.Text.RegularExpressions;

namespace FactorioIsr.Patterns;

/// <summary>A parsed message template: literal text (trusted markdown from the pattern file) and <c>{placeholders}</c>.</summary>
internal sealed partial class MessageTemplate
{
    private MessageTemplate(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<Segment> Segments { get; }

    public IEnumerable<string> Placeholders => Segments.Where(s => s.IsPlaceholder).Select(s => s.Value);

    [GeneratedRegex(@"\{(\w+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    public static MessageTemplate Parse(string template)
    {
        var segments = new List<Segment>();
        var last = 0;
        foreach (Match match in PlaceholderPattern().Matches(template))
        {
            if (match.Index > last)
            {
                segments.Add(new Segment(template[last..match.Index], false));
            }

            segments.Add(new Segment(match.Groups[1].Value, true));
            last = match.Index + match.Length;
        }

        if (last < template.Length)
        {
            segments.Add(new Segment(template[last..], false));
        }

        return new MessageTemplate(template, segments);
    }

    /// <summary>Literal text, or the name of a placeholder.</summary>
    internal readonly record struct Segment(string Value, bool IsPlaceholder);
}
