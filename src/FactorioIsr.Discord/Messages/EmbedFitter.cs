namespace FactorioIsr.Discord.Messages;

/// <summary>Makes an embed valid: every field within its limit, at most 25 fields, no empty field name/value, 6000 in total.</summary>
internal static class EmbedFitter
{
    /// <summary>Discord rejects empty field names and values; a zero-width space renders as nothing.</summary>
    private const string Blank = "\u200B";

    public static DiscordEmbed Fit(DiscordEmbed embed, int totalBudget = DiscordLimits.EmbedTotal)
    {
        ArgumentNullException.ThrowIfNull(embed);
        var fitted = embed with
        {
            Title = Cut(embed.Title, DiscordLimits.EmbedTitle),
            Description = Cut(embed.Description, DiscordLimits.EmbedDescription),
            Footer = Cut(embed.Footer, DiscordLimits.EmbedFooter),
            Author = Cut(embed.Author, DiscordLimits.EmbedAuthor),
            Fields = embed.Fields.Take(DiscordLimits.EmbedFields)
                .Select(f => new DiscordEmbedField(
                    NonEmpty(Cut(f.Name, DiscordLimits.EmbedFieldName)),
                    NonEmpty(Cut(f.Value, DiscordLimits.EmbedFieldValue)),
                    f.Inline))
                .ToList(),
        };

        var over = Length(fitted) - totalBudget;
        if (over > 0 && fitted.Description is { } description)
        {
            var keep = Math.Max(1, CodePoints.Length(description) - over - 1);
            fitted = fitted with { Description = CodePoints.Truncate(description, keep) };
            over = Length(fitted) - totalBudget;
        }

        while (over > 0 && fitted.Fields.Count > 0)
        {
            fitted = fitted with { Fields = fitted.Fields.Take(fitted.Fields.Count - 1).ToList() };
            over = Length(fitted) - totalBudget;
        }

        return fitted;
    }

    /// <summary>The length that counts towards the 6000 total.</summary>
    public static int Length(DiscordEmbed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return CodePoints.Length(embed.Title) + CodePoints.Length(embed.Description) + CodePoints.Length(embed.Footer)
            + CodePoints.Length(embed.Author) + embed.Fields.Sum(f => CodePoints.Length(f.Name) + CodePoints.Length(f.Value));
    }

    private static string? Cut(string? text, int max) => text is null ? null : CodePoints.Truncate(text, max);

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? Blank : text;
}
