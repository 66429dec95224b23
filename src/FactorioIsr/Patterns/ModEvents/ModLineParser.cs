using FactorioIsr.Events;
using FactorioIsr.Ingest;
using FactorioIsr.Tailing;

namespace FactorioIsr.Patterns.ModEvents;

/// <summary>
/// Turns the companion mod's tailed lines into events: each JSON object by its <c>type</c>, through the
/// <c>source: mod</c> entries (no regex). A valid line no type entry takes is offered to the regex patterns of
/// <c>source: mod</c>, as before the format existed. Malformed lines are skipped and counted, never fatal.
/// </summary>
internal static class ModLineParser
{
    /// <summary>The pipeline's parser for lines of a <c>mod</c> source.</summary>
    public static LineParser Create(PatternSet patterns, TimeProvider time, ModEventMetrics? metrics = null) => line => Parse(patterns, time, line, metrics);

    public static IReadOnlyList<FactorioEvent> Parse(PatternSet patterns, TimeProvider time, TailedLine line, ModEventMetrics? metrics = null)
    {
        var parsed = ModLine.ParseRecovering(line.Utf8, out var problem);
        metrics?.Count(problem, parsed?.Newer == true);
        if (parsed is null)
        {
            return [];
        }

        var server = line.File.Server;
        if (patterns.ModEvents.Match(parsed) is { } entry)
        {
            return [ToEvent(entry, parsed, line.EventId, server, time.GetUtcNow(), line.Text, line.Flags)];
        }

        if (patterns.Match(LogSourceKind.Mod, line.Text) is { } match)
        {
            var definition = match.Pattern.Definition;
            return
            [
                new FactorioEvent(line.EventId, server, LogSourceKind.Mod, definition.Type, match.Player, match.Message, EventFields.Empty,
                    definition.Name, definition.Channel ?? Configuration.RouteNames.Events, time.GetUtcNow(), line.Text, EventRenderer.Render(match, server, line.Text)),
            ];
        }

        return [];
    }

    /// <summary>
    /// The event type of a mod event type: the shipped event types (ARCHITECTURE's contract: <c>death</c>,
    /// <c>research</c>, <c>rocket</c>) where the mod's type is one of them; the mod's own type otherwise. The mod's
    /// type is always in the event's field <c>mod_type</c>.
    /// </summary>
    public static string EventTypeOf(string modType) => modType switch
    {
        "player_died" => "death",
        "research_started" or "research_finished" or "research_cancelled" => "research",
        "rocket_launched" or "first_rocket" => "rocket",
        _ => modType,
    };

    /// <summary>The event of a matched line: type and route from the entry, player and every field from the line.</summary>
    public static FactorioEvent ToEvent(ModEventEntry entry, ModLine line, string id, string server, DateTimeOffset timestamp, string raw, TailedLineFlags flags = TailedLineFlags.None)
    {
        var fields = new List<KeyValuePair<string, string>>(line.Fields) { new("mod_type", entry.Definition.Type) };
        if (flags.HasFlag(TailedLineFlags.Partial))
        {
            fields.Add(new("partial", "true"));
        }

        if (flags.HasFlag(TailedLineFlags.InvalidUtf8))
        {
            fields.Add(new("invalid_utf8", "true"));
        }

        var definition = entry.Definition;
        return new FactorioEvent(
            id,
            server,
            LogSourceKind.Mod,
            EventTypeOf(definition.Type),
            line.Get("player"),
            null,
            EventFields.Create([.. fields]),
            definition.Name,
            definition.Channel ?? Configuration.RouteNames.Events,
            timestamp,
            raw,
            ModEventRenderer.Render(entry, line, server));
    }
}
