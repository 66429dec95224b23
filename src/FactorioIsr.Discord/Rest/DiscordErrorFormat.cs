using System.Text.Json;

namespace FactorioIsr.Discord.Rest;

/// <summary>Flattens Discord's nested <c>errors</c> object into one line per failing field.</summary>
internal static class DiscordErrorFormat
{
    public static IReadOnlyList<string> Flatten(JsonElement? errors)
    {
        var lines = new List<string>();
        if (errors is { ValueKind: JsonValueKind.Object } root)
        {
            Walk(root, "", lines);
        }

        return lines;
    }

    private static void Walk(JsonElement node, string path, List<string> lines)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (property.NameEquals("_errors") && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in property.Value.EnumerateArray())
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                    var where = path.Length == 0 ? "(request)" : path;
                    lines.Add($"{where}[{code}]: {message}");
                }

                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var next = property.Name.All(char.IsAsciiDigit)
                ? $"{path}[{property.Name}]"
                : path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            Walk(property.Value, next, lines);
        }
    }
}
