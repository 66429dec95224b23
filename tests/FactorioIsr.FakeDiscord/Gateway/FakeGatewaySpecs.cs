using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>
/// What <see cref="FakeGateway.InjectInteractionAsync"/> dispatches: an INTERACTION_CREATE in a guild, in Discord's
/// shape (discord.md §2.1). Unset ids get defaults; <see cref="Data"/> replaces the built <c>data</c> object whole.
/// </summary>
public sealed record FakeInteractionSpec
{
    /// <summary>1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 APPLICATION_COMMAND_AUTOCOMPLETE, 5 MODAL_SUBMIT.</summary>
    public int Type { get; init; } = 2;

    /// <summary>The command's name (<c>data.name</c>).</summary>
    public string CommandName { get; init; } = "factorio";

    /// <summary><c>data.options</c>, such as <c>[{"name":"status","type":1,"options":[...]}]</c>.</summary>
    public JsonArray? Options { get; init; }

    /// <summary>The whole <c>data</c> object (components and modals, or anything unusual); overrides <see cref="CommandName"/> and <see cref="Options"/>.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>The interaction id; a fresh snowflake when null.</summary>
    public string? Id { get; init; }

    /// <summary>The interaction token; a fresh one when null.</summary>
    public string? Token { get; init; }

    public string GuildId { get; init; } = "290926798626357999";

    public string ChannelId { get; init; } = "645027906669510667";

    public string UserId { get; init; } = "53908232506183680";

    public string Username { get; init; } = "mason";

    public string? GlobalName { get; init; } = "Mason";

    /// <summary>The member's nickname in the guild.</summary>
    public string? Nick { get; init; }

    /// <summary>The member's role ids.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The member's permissions in the channel (a decimal bitset string); <c>"8"</c> is Administrator.</summary>
    public string Permissions { get; init; } = "0";

    public string Locale { get; init; } = "en-US";

    /// <summary>Extra top-level fields merged into the interaction (<c>message</c> for a component, ...).</summary>
    public JsonObject? Extra { get; init; }
}

/// <summary>What <see cref="FakeGateway.InjectMessageCreateAsync"/> dispatches: a MESSAGE_CREATE in a guild channel.</summary>
public sealed record FakeMessageCreateSpec
{
    public required string ChannelId { get; init; }

    public string Content { get; init; } = "";

    /// <summary>The message id; a fresh snowflake when null.</summary>
    public string? Id { get; init; }

    public string GuildId { get; init; } = "290926798626357999";

    public string AuthorId { get; init; } = "53908232506183680";

    public string Username { get; init; } = "mason";

    public string? GlobalName { get; init; } = "Mason";

    /// <summary>The author's nickname in the guild (<c>member.nick</c>).</summary>
    public string? Nick { get; init; }

    /// <summary>The author is a bot (<c>author.bot</c>).</summary>
    public bool Bot { get; init; }

    /// <summary>Set for a message posted by a webhook.</summary>
    public string? WebhookId { get; init; }

    /// <summary>Attachments, such as <c>[{"id":"1","filename":"a.png","size":10,"url":"https://...","proxy_url":"https://..."}]</c>.</summary>
    public JsonArray? Attachments { get; init; }

    /// <summary>Sticker items, such as <c>[{"id":"1","name":"wave","format_type":1}]</c>.</summary>
    public JsonArray? StickerItems { get; init; }

    /// <summary>Users mentioned (<c>mentions</c>), each a user object.</summary>
    public JsonArray? Mentions { get; init; }

    /// <summary>Role ids mentioned (<c>mention_roles</c>).</summary>
    public JsonArray? MentionRoles { get; init; }

    /// <summary>Extra top-level fields merged into the message (<c>referenced_message</c>, ...).</summary>
    public JsonObject? Extra { get; init; }
}
