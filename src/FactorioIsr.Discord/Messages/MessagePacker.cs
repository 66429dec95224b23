using System.Text;

namespace FactorioIsr.Discord.Messages;

/// <summary>One event's look: a content line or an embed, plus the mentions it may ping.</summary>
internal sealed record MessageItem(string? Line, DiscordEmbed? Embed, AllowedMentions Mentions)
{
    public static MessageItem ForLine(string line, AllowedMentions? mentions = null) => new(line, null, mentions ?? AllowedMentions.None);

    public static MessageItem ForEmbed(DiscordEmbed embed, AllowedMentions? mentions = null) => new(null, EmbedFitter.Fit(embed), mentions ?? AllowedMentions.None);
}

/// <summary>
/// Coalesces consecutive items into as few messages as Discord's limits allow. Order is kept: content shows above
/// embeds, so once a message has an embed no later line joins it.
/// </summary>
internal static class MessagePacker
{
    /// <summary>How many leading items fit into one message (at least 1).</summary>
    public static int CountFitting(IReadOnlyList<MessageItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return 0;
        }

        var contentLength = -1; // -1: no line yet (the first line needs no separator)
        var embeds = 0;
        var embedTotal = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Line is { } line)
            {
                var length = CodePoints.Length(line);
                var next = contentLength < 0 ? length : contentLength + 1 + length;
                if (embeds > 0 || next > DiscordLimits.Content)
                {
                    return Math.Max(1, i);
                }

                contentLength = next;
            }
            else if (item.Embed is { } embed)
            {
                var length = EmbedFitter.Length(embed);
                if (embeds + 1 > DiscordLimits.EmbedsPerMessage || embedTotal + length > DiscordLimits.EmbedTotal)
                {
                    return Math.Max(1, i);
                }

                embeds++;
                embedTotal += length;
            }
        }

        return items.Count;
    }

    /// <summary>
    /// The messages for exactly these items: one when they fit (the packer's promise), more when a single line is
    /// over 2000 code points (split at safe points) or the items were not packed by <see cref="CountFitting"/>.
    /// </summary>
    public static IReadOnlyList<DiscordMessage> Build(IReadOnlyList<MessageItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var messages = new List<DiscordMessage>();
        var offset = 0;
        while (offset < items.Count)
        {
            var rest = items.Skip(offset).ToList();
            var count = CountFitting(rest);
            var group = rest.Take(count).ToList();
            offset += count;
            var mentions = group.Aggregate(AllowedMentions.None, (acc, item) => acc.Merge(item.Mentions));
            var lines = group.Where(i => i.Line is not null).Select(i => i.Line!).ToList();
            var embeds = group.Where(i => i.Embed is not null).Select(i => i.Embed!).ToList();
            var content = lines.Count == 0 ? null : string.Join('\n', lines);
            if (content is not null && CodePoints.Length(content) > DiscordLimits.Content)
            {
                var parts = ContentSplitter.Split(content);
                for (var p = 0; p < parts.Count; p++)
                {
                    messages.Add(new DiscordMessage(parts[p], p == parts.Count - 1 ? embeds : [], mentions));
                }
            }
            else if (content is not null || embeds.Count > 0)
            {
                messages.Add(new DiscordMessage(content, embeds, mentions));
            }
        }

        return messages;
    }

    /// <summary>Joins lines for logging or a console output.</summary>
    public static string Describe(DiscordMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder(message.Content ?? "");
        foreach (var embed in message.Embeds)
        {
            text.Append(" [embed: ").Append(embed.Title).Append(']');
        }

        return text.ToString();
    }
}
