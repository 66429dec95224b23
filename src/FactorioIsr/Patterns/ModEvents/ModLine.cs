using System.Text;
using System.Text.Json;

namespace FactorioIsr.Patterns.ModEvents;

/// <summary>Why a mod line was skipped.</summary>
internal enum ModLineProblem
{
    None,

    /// <summary>Not one complete JSON object (a crash mid-write leaves a truncated line).</summary>
    InvalidJson,

    /// <summary>A <c>type</c> this isr does not know (a newer mod, or another writer).</summary>
    UnknownType,

    /// <summary><c>v</c>, <c>tick</c>, <c>type</c> or a field its type requires is missing, empty or of the wrong kind.</summary>
    MissingField,
}

/// <summary>One valid line of the mod's file: its format version, tick, type and every field in line order.</summary>
/// <param name="Fields">The fields other than <c>v</c> and <c>type</c> (<c>tick</c> included), as text: strings unescaped, numbers and booleans as written; nulls, objects and arrays left out.</param>
internal sealed record ModLine(int Version, long Tick, ModEventType Type, KeyValuePair<string, string>[] Fields)
{
    /// <summary>Written by a newer mod than this isr knows: read for the fields it knows.</summary>
    public bool Newer => Version > ModEventTypes.FormatVersion;

    public string? Get(string name)
    {
        foreach (var (key, value) in Fields)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads one line like <see cref="Parse"/>, and when it is not JSON, the last object in it that starts as the
    /// mod starts every line: a crash mid-write leaves a fragment without its newline, and the next session's first
    /// line is appended to it. The problem is still reported (the fragment is lost); the line, if any, is the object.
    /// </summary>
    public static ModLine? ParseRecovering(ReadOnlySpan<byte> utf8, out ModLineProblem problem)
    {
        var line = Parse(utf8, out problem);
        if (problem != ModLineProblem.InvalidJson)
        {
            return line;
        }

        var start = utf8.LastIndexOf("{\"v\":"u8);
        return start > 0 ? Parse(utf8[start..], out _) : null;
    }

    /// <summary>Reads one line (without its newline); null with the problem when it is not a valid event line.</summary>
    public static ModLine? Parse(ReadOnlySpan<byte> utf8, out ModLineProblem problem)
    {
        var fields = new List<KeyValuePair<string, string>>(12);
        long? version = null;
        long? tick = null;
        string? type = null;
        var wrongKind = false;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = ModLineProblem.InvalidJson;
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "v":
                        version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) && v >= 1 ? v : null;
                        wrongKind |= version is null;
                        continue;
                    case "type":
                        type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        wrongKind |= type is null;
                        continue;
                    case "tick":
                        tick = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var t) && t >= 0 ? t : null;
                        wrongKind |= tick is null;
                        break;
                }

                var value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => null,
                };
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip(); // a newer format's nested value: not a placeholder
                }

                if (value is not null && !fields.Exists(f => f.Key == name))
                {
                    fields.Add(new(name, value));
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                problem = ModLineProblem.InvalidJson; // more after the object (two objects on one line)
                return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8
            problem = ModLineProblem.InvalidJson;
            return null;
        }

        if (wrongKind || version is null || tick is null || string.IsNullOrEmpty(type))
        {
            problem = ModLineProblem.MissingField;
            return null;
        }

        if (!ModEventTypes.ByName.TryGetValue(type, out var known))
        {
            problem = ModLineProblem.UnknownType;
            return null;
        }

        foreach (var required in known.Required)
        {
            if (!fields.Exists(f => f.Key == required && f.Value.Length > 0))
            {
                problem = ModLineProblem.MissingField;
                return null;
            }
        }

        problem = ModLineProblem.None;
        return new ModLine((int)Math.Min(version.Value, int.MaxValue), tick.Value, known, [.. fields]);
    }
}
