using System.Globalization;
using System.Text.Json;
using FactorioIsr.Discord.Interactions;

namespace FactorioIsr.Commands;

/// <summary>The values of a subcommand's options, by name.</summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, JsonElement> _values;

    public CommandArgs(IReadOnlyDictionary<string, JsonElement> values) => _values = new(values, StringComparer.Ordinal);

    public static CommandArgs Empty { get; } = new(new Dictionary<string, JsonElement>());

    public static CommandArgs Of(params (string Name, object Value)[] values) => new(values.ToDictionary(
        v => v.Name, v => JsonSerializer.SerializeToElement(v.Value, CommandArgsJson.Default.Object), StringComparer.Ordinal));

    public static CommandArgs From(IReadOnlyList<JsonInteractionOption>? options)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var option in options ?? [])
        {
            if (option.Value is { } value)
            {
                values[option.Name] = value;
            }
        }

        return new CommandArgs(values);
    }

    public IEnumerable<KeyValuePair<string, JsonElement>> All => _values;

    /// <summary>A string option, trimmed; null when absent or blank.</summary>
    public string? String(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A number option (numbers arrive as strings while autocompleting).</summary>
    public double? Number(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        return value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    /// <summary>The arguments as one line for the audit (<c>player=Alice reason=spam</c>), without the server option.</summary>
    public string Describe() => string.Join(' ', _values
        .Where(v => v.Key != "server")
        .OrderBy(v => v.Key, StringComparer.Ordinal)
        .Select(v => v.Key + "=" + (String(v.Key) ?? "")));
}

[System.Text.Json.Serialization.JsonSerializable(typeof(object))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class CommandArgsJson : System.Text.Json.Serialization.JsonSerializerContext;
