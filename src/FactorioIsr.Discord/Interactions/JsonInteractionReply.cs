using System.Text.Json.Serialization;
using FactorioIsr.Discord.JsonModels;

namespace FactorioIsr.Discord.Interactions;

/// <summary>
/// Body of <c>POST /interactions/{id}/{token}/callback</c> (and of the HTTP endpoint's answer): type 1 PONG, 4 message,
/// 5 deferred message, 6 deferred update, 7 update message, 8 autocomplete choices.
/// </summary>
internal sealed class JsonInteractionReply
{
    [JsonPropertyName("type")]
    public int Type { get; set; }

    [JsonPropertyName("data")]
    public JsonInteractionReplyData? Data { get; set; }
}

internal sealed class JsonInteractionReplyData
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<JsonEmbed>? Embeds { get; set; }

    [JsonPropertyName("allowed_mentions")]
    public JsonAllowedMentions? AllowedMentions { get; set; }

    /// <summary>64 = EPHEMERAL.</summary>
    [JsonPropertyName("flags")]
    public int? Flags { get; set; }

    [JsonPropertyName("components")]
    public IReadOnlyList<JsonComponent>? Components { get; set; }

    [JsonPropertyName("choices")]
    public IReadOnlyList<JsonCommandChoice>? Choices { get; set; }
}

/// <summary>Body of <c>PATCH /webhooks/{application_id}/{token}/messages/@original</c>.</summary>
internal sealed class JsonInteractionEdit
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<JsonEmbed>? Embeds { get; set; }

    [JsonPropertyName("allowed_mentions")]
    public JsonAllowedMentions? AllowedMentions { get; set; }

    /// <summary>An empty list removes the buttons of a confirmation.</summary>
    [JsonPropertyName("components")]
    public IReadOnlyList<JsonComponent>? Components { get; set; }

    /// <summary>The attachments the reply ends with (multipart: <c>files[N]</c> is id N); absent: unchanged.</summary>
    [JsonPropertyName("attachments")]
    public IReadOnlyList<JsonAttachmentRef>? Attachments { get; set; }
}

/// <summary>A message component: an action row (type 1) of buttons (type 2).</summary>
internal sealed class JsonComponent
{
    [JsonPropertyName("type")]
    public int Type { get; set; }

    /// <summary>Button style: 1 primary, 2 secondary, 3 success, 4 danger.</summary>
    [JsonPropertyName("style")]
    public int? Style { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("custom_id")]
    public string? CustomId { get; set; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; set; }

    [JsonPropertyName("components")]
    public IReadOnlyList<JsonComponent>? Components { get; set; }
}
