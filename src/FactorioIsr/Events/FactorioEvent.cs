namespace FactorioIsr.Events;

/// <summary>
/// One event, from a log line or a monitor. Immutable; everything downstream (router, outbox, outputs) reads it.
/// </summary>
/// <param name="Id">Stable identity: server tag + source + file identity + byte offset, so a replay is recognisable.</param>
/// <param name="Server">The server tag.</param>
/// <param name="Source">Which log (or monitor) produced it.</param>
/// <param name="Type">Event type (<c>join</c>, <c>chat</c>, ... see ARCHITECTURE.md "Events").</param>
/// <param name="Player">The player, when the pattern captured one.</param>
/// <param name="Message">The message, when the pattern captured one.</param>
/// <param name="Fields">Every named group of the match (raw, unescaped).</param>
/// <param name="Pattern">The name of the pattern that matched; null for monitor events.</param>
/// <param name="Route">The route name (the pattern's <c>channel</c>), resolved per server by the router.</param>
/// <param name="Timestamp">When ISR read or made the event.</param>
/// <param name="Raw">The raw line (without its line ending).</param>
/// <param name="Text">The rendered, Discord-safe text (markdown escaped, mentions neutralised).</param>
internal sealed record FactorioEvent(
    string Id,
    string Server,
    LogSourceKind Source,
    string Type,
    string? Player,
    string? Message,
    IReadOnlyDictionary<string, string> Fields,
    string? Pattern,
    string Route,
    DateTimeOffset Timestamp,
    string Raw,
    string Text);
