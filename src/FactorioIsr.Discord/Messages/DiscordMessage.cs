namespace FactorioIsr.Discord.Messages;

/// <summary>A message to send: content and/or embeds, and the mentions it may ping (always explicit).</summary>
internal sealed record DiscordMessage(string? Content, IReadOnlyList<DiscordEmbed> Embeds, AllowedMentions Mentions)
{
    public static DiscordMessage Text(string content) => new(content, [], AllowedMentions.None);
}

/// <summary>A rich embed (domain side; mapped to the wire model by the REST client).</summary>
internal sealed record DiscordEmbed
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public int? Color { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string? Footer { get; init; }

    public string? Author { get; init; }

    /// <summary>The embed's image: a URL, or <c>attachment://NAME</c> for a file uploaded with the message.</summary>
    public string? ImageUrl { get; init; }

    public IReadOnlyList<DiscordEmbedField> Fields { get; init; } = [];
}

internal sealed record DiscordEmbedField(string Name, string Value, bool Inline = false);

/// <summary>
/// What a message may ping. Discord's default when the field is absent is "parse everything", so every message
/// we send carries this object: <c>parse</c> is always empty; only explicitly listed role/user ids can ping.
/// </summary>
internal sealed record AllowedMentions(IReadOnlyList<string> RoleIds, IReadOnlyList<string> UserIds)
{
    /// <summary><c>{"parse":[]}</c>: nothing pings.</summary>
    public static AllowedMentions None { get; } = new([], []);

    public bool PingsNothing => RoleIds.Count == 0 && UserIds.Count == 0;

    /// <summary>Union of two policies (Discord allows at most 100 ids of each kind).</summary>
    public AllowedMentions Merge(AllowedMentions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.PingsNothing)
        {
            return this;
        }

        if (PingsNothing)
        {
            return other;
        }

        return new AllowedMentions(
            RoleIds.Concat(other.RoleIds).Distinct(StringComparer.Ordinal).Take(100).ToList(),
            UserIds.Concat(other.UserIds).Distinct(StringComparer.Ordinal).Take(100).ToList());
    }
}

/// <summary>A created message as the API returned it.</summary>
internal sealed record DiscordMessageRef(string Id, string ChannelId);

/// <summary>A guild role (for resolving mentions.yml aliases by role name).</summary>
internal sealed record DiscordRole(string Id, string Name, bool Mentionable);
