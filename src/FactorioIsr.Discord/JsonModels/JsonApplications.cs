using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactorioIsr.Discord.JsonModels;

internal sealed class JsonApplication
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}

internal sealed class JsonGatewayBot
{
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("shards")]
    public int Shards { get; set; }

    [JsonPropertyName("session_start_limit")]
    public JsonSessionStartLimit SessionStartLimit { get; set; } = new();
}

internal sealed class JsonSessionStartLimit
{
    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("remaining")]
    public int Remaining { get; set; }

    [JsonPropertyName("reset_after")]
    public long ResetAfter { get; set; }

    [JsonPropertyName("max_concurrency")]
    public int MaxConcurrency { get; set; }
}

internal sealed class JsonApplicationCommand
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("type")]
    public int? Type { get; set; }

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("options")]
    public IReadOnlyList<JsonApplicationCommandOption>? Options { get; set; }

    /// <summary>A permission bit set; the OpenAPI document types it as an integer (Discord answers with a string, read too).</summary>
    [JsonPropertyName("default_member_permissions")]
    public long? DefaultMemberPermissions { get; set; }

    [JsonPropertyName("contexts")]
    public IReadOnlyList<int>? Contexts { get; set; }
}

internal sealed class JsonApplicationCommandOption
{
    [JsonPropertyName("type")]
    public int Type { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("required")]
    public bool? Required { get; set; }

    [JsonPropertyName("autocomplete")]
    public bool? Autocomplete { get; set; }

    [JsonPropertyName("choices")]
    public IReadOnlyList<JsonCommandChoice>? Choices { get; set; }

    [JsonPropertyName("options")]
    public IReadOnlyList<JsonApplicationCommandOption>? Options { get; set; }

    [JsonPropertyName("min_value")]
    public double? MinValue { get; set; }

    [JsonPropertyName("max_value")]
    public double? MaxValue { get; set; }

    [JsonPropertyName("min_length")]
    public int? MinLength { get; set; }

    [JsonPropertyName("max_length")]
    public int? MaxLength { get; set; }
}

internal sealed class JsonCommandChoice
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>A string, integer or number, matching the option type.</summary>
    [JsonPropertyName("value")]
    public JsonElement Value { get; set; }
}

internal sealed class JsonRole
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("mentionable")]
    public bool Mentionable { get; set; }
}

/// <summary>Discord's error body: <c>{"code":50035,"message":"Invalid Form Body","errors":{...}}</c>.</summary>
internal sealed class JsonError
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("errors")]
    public JsonElement? Errors { get; set; }

    [JsonPropertyName("retry_after")]
    public double? RetryAfter { get; set; }

    [JsonPropertyName("global")]
    public bool? Global { get; set; }
}
