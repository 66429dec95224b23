using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactorioIsr.Discord.Interactions;

/// <summary>An interaction as Discord sends it (INTERACTION_CREATE's <c>d</c>, or the HTTP endpoint's body); only the fields ISR reads.</summary>
internal sealed class JsonInteraction
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("application_id")]
    public string ApplicationId { get; set; } = "";

    /// <summary>1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE, 5 MODAL_SUBMIT.</summary>
    [JsonPropertyName("type")]
    public int Type { get; set; }

    [JsonPropertyName("token")]
    public string Token { get; set; } = "";

    [JsonPropertyName("guild_id")]
    public string? GuildId { get; set; }

    [JsonPropertyName("channel_id")]
    public string? ChannelId { get; set; }

    /// <summary>Sent in guilds; <see cref="User"/> in DMs.</summary>
    [JsonPropertyName("member")]
    public JsonInteractionMember? Member { get; set; }

    [JsonPropertyName("user")]
    public JsonInteractionUser? User { get; set; }

    [JsonPropertyName("data")]
    public JsonInteractionData? Data { get; set; }
}

internal sealed class JsonInteractionMember
{
    [JsonPropertyName("user")]
    public JsonInteractionUser? User { get; set; }

    [JsonPropertyName("nick")]
    public string? Nick { get; set; }

    /// <summary>Role ids (snowflake strings).</summary>
    [JsonPropertyName("roles")]
    public IReadOnlyList<string>? Roles { get; set; }

    /// <summary>The member's total permissions in the channel (a decimal bit set as a string).</summary>
    [JsonPropertyName("permissions")]
    public string? Permissions { get; set; }
}

internal sealed class JsonInteractionUser
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("global_name")]
    public string? GlobalName { get; set; }
}

internal sealed class JsonInteractionData
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public int? Type { get; set; }

    [JsonPropertyName("options")]
    public IReadOnlyList<JsonInteractionOption>? Options { get; set; }

    /// <summary>A component's id (type 3).</summary>
    [JsonPropertyName("custom_id")]
    public string? CustomId { get; set; }

    [JsonPropertyName("component_type")]
    public int? ComponentType { get; set; }
}

internal sealed class JsonInteractionOption
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("type")]
    public int Type { get; set; }

    /// <summary>A string, number or boolean; numbers arrive as strings while the option is focused (autocomplete).</summary>
    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    [JsonPropertyName("options")]
    public IReadOnlyList<JsonInteractionOption>? Options { get; set; }

    [JsonPropertyName("focused")]
    public bool? Focused { get; set; }
}
