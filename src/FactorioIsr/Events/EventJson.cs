using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FactorioIsr.Events;

/// <summary>
/// The one JSON shape of an event, for the JSONL output and the dead letters: a flat object whose reserved names are
/// the event's own fields and whose other names are its named fields (pattern groups). <c>isr parse</c> prints a
/// projection of it (<c>line</c> instead of the event's identity) and drops the same reserved names from its groups.
/// Documented in docs/architecture.md ("Event JSON").
/// </summary>
internal static class EventJson
{
    /// <summary>Names a named field can never take (it would shadow the event's own field); <c>line</c> is isr parse's.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "line", "server", "source", "type", "player", "message", "pattern", "route", "timestamp", "raw", "text",
    };

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] SourceNames = [.. Enum.GetValues<LogSourceKind>().Select(k => k.ToString().ToLowerInvariant())];

    /// <summary>Writes one event as one line (newline included).</summary>
    public static void Write(Utf8JsonWriter json, IBufferWriter<byte> buffer, FactorioEvent e)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, e.Id);
        json.WriteString("server"u8, e.Server);
        json.WriteString("type"u8, e.Type);
        json.WriteString("player"u8, e.Player);
        json.WriteString("message"u8, e.Message);
        json.WriteString("text"u8, e.Text);
        json.WriteString("raw"u8, e.Raw);
        var source = (int)e.Source;
        json.WriteString("source"u8, source >= 0 && source < SourceNames.Length ? SourceNames[source] : e.Source.ToString().ToLowerInvariant());
        Span<char> timestamp = stackalloc char[40];
        json.WriteString("timestamp"u8, e.Timestamp.TryFormat(timestamp, out var written, "O", CultureInfo.InvariantCulture) ? timestamp[..written] : e.Timestamp.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("pattern"u8, e.Pattern);
        json.WriteString("route"u8, e.Route);
        foreach (var (name, value) in e.Fields)
        {
            if (!Reserved.Contains(name))
            {
                json.WriteString(name, value);
            }
        }

        json.WriteEndObject();
        json.Flush();
        json.Reset();
        buffer.Write("\n"u8);
    }

    /// <summary>One event as one line (newline included).</summary>
    public static void Write(IBufferWriter<byte> buffer, FactorioEvent e)
    {
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        Write(json, buffer, e);
    }

    /// <summary>One event as a JSON string (no newline).</summary>
    public static string ToJson(FactorioEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, e);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan[..^1]);
    }

    /// <summary>
    /// Reads an event written by <see cref="Write(IBufferWriter{byte}, FactorioEvent)"/>, or by isr before this shape
    /// (System.Text.Json's snake_case record with a nested <c>fields</c> object and the source kind by name).
    /// </summary>
    /// <exception cref="JsonException">Not an event.</exception>
    public static FactorioEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonElement? nested = root.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Object ? f : null;
        foreach (var property in (nested ?? root).EnumerateObject())
        {
            if ((nested is not null || !Reserved.Contains(property.Name)) && property.Value.ValueKind == JsonValueKind.String)
            {
                fields[property.Name] = property.Value.GetString()!;
            }
        }

        return new FactorioEvent(
            Required(root, "id"),
            Required(root, "server"),
            ParseSource(Optional(root, "source")),
            Required(root, "type"),
            Optional(root, "player"),
            Optional(root, "message"),
            fields,
            Optional(root, "pattern"),
            Required(root, "route"),
            DateTimeOffset.Parse(Required(root, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Optional(root, "raw") ?? "",
            Optional(root, "text") ?? "");
    }

    private static LogSourceKind ParseSource(string? name) =>
        name is not null && Enum.TryParse<LogSourceKind>(name, ignoreCase: true, out var kind) ? kind : LogSourceKind.Console;

    private static string Required(JsonElement root, string name) =>
        Optional(root, name) ?? throw new JsonException($"an event needs '{name}'");

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
