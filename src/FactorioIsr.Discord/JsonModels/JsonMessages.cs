using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactorioIsr.Discord.JsonModels;

/// <summary>Body of <c>POST /channels/{channel_id}/messages</c>.</summary>
internal sealed class JsonMessageCreate
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<JsonEmbed>? Embeds { get; set; }

    [JsonPropertyName("allowed_mentions")]
    public required JsonAllowedMentions AllowedMentions { get; set; }

    [JsonPropertyName("nonce")]
    public string? Nonce { get; set; }

    [JsonPropertyName("enforce_nonce")]
    public bool? EnforceNonce { get; set; }

    [JsonPropertyName("flags")]
    public int? Flags { get; set; }

    /// <summary>The files uploaded with it (multipart: <c>files[N]</c> is the attachment with id N).</summary>
    [JsonPropertyName("attachments")]
    public IReadOnlyList<JsonAttachmentRef>? Attachments { get; set; }
}

/// <summary>Body of <c>PATCH /channels/{channel_id}/messages/{message_id}</c> and webhook message edits.</summary>
internal sealed class JsonMessageEdit
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<JsonEmbed>? Embeds { get; set; }

    [JsonPropertyName("allowed_mentions")]
    public required JsonAllowedMentions AllowedMentions { get; set; }

    /// <summary>The attachments the message keeps (by id) and the new ones (<c>files[N]</c> is id N); absent: unchanged.</summary>
    [JsonPropertyName("attachments")]
    public IReadOnlyList<JsonAttachmentRef>? Attachments { get; set; }
}

/// <summary>Body of <c>POST /webhooks/{webhook_id}/{webhook_token}</c> (also interaction followups).</summary>
internal sealed class JsonWebhookExecute
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; set; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<JsonEmbed>? Embeds { get; set; }

    [JsonPropertyName("allowed_mentions")]
    public required JsonAllowedMentions AllowedMentions { get; set; }

    [JsonPropertyName("flags")]
    public int? Flags { get; set; }
}

/// <summary>The allowed_mentions object; <c>parse</c> is always written (an empty list means "ping nothing").</summary>
internal sealed class JsonAllowedMentions
{
    [JsonPropertyName("parse")]
    public IReadOnlyList<string> Parse { get; set; } = [];

    [JsonPropertyName("roles")]
    public IReadOnlyList<string>? Roles { get; set; }

    [JsonPropertyName("users")]
    public IReadOnlyList<string>? Users { get; set; }
}

internal sealed class JsonEmbed
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("color")]
    public int? Color { get; set; }

    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; set; }

    [JsonPropertyName("footer")]
    public JsonEmbedFooter? Footer { get; set; }

    [JsonPropertyName("author")]
    public JsonEmbedAuthor? Author { get; set; }

    [JsonPropertyName("fields")]
    public IReadOnlyList<JsonEmbedField>? Fields { get; set; }

    [JsonPropertyName("image")]
    public JsonEmbedImage? Image { get; set; }
}

internal sealed class JsonEmbedImage
{
    [JsonPropertyName("url")]
    public required string Url { get; set; }
}

internal sealed class JsonEmbedFooter
{
    [JsonPropertyName("text")]
    public required string Text { get; set; }
}

internal sealed class JsonEmbedAuthor
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }
}

internal sealed class JsonEmbedField
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("value")]
    public required string Value { get; set; }

    [JsonPropertyName("inline")]
    public bool? Inline { get; set; }
}

/// <summary>The parts of a message object we read back.</summary>
internal sealed class JsonMessage
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("channel_id")]
    public string ChannelId { get; set; } = "";

    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("webhook_id")]
    public string? WebhookId { get; set; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<JsonEmbed>? Embeds { get; set; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<JsonAttachmentRef>? Attachments { get; set; }

    /// <summary>A nonce echoes back as a string or an integer.</summary>
    [JsonPropertyName("nonce")]
    public JsonElement? Nonce { get; set; }
}

/// <summary>An attachment of a message body (<c>id</c>, <c>filename</c>) or of a response (also <c>url</c>, <c>size</c>).</summary>
internal sealed class JsonAttachmentRef
{
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    [JsonPropertyName("filename")]
    public string? Filename { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("size")]
    public long? Size { get; set; }
}
