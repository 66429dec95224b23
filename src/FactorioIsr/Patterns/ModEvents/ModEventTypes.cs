namespace FactorioIsr.Patterns.ModEvents;

/// <summary>
/// One event type the companion mod writes: the fields a line must have (else it is malformed) and the ones it may
/// have. A newer format version may add fields; they are read like any other, and only these can be placeholders.
/// </summary>
internal sealed record ModEventType(string Name, IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public IEnumerable<string> Fields => Required.Concat(Optional);
}

/// <summary>The companion mod's format (integrations/factorio-mod, docs/mod.md): version 1 and its event types.</summary>
internal static class ModEventTypes
{
    /// <summary>The format version this isr reads fully; a line with a higher <c>v</c> is read for the fields known here.</summary>
    public const int FormatVersion = 1;

    /// <summary>Every line has these; they are placeholders of every type too (<c>tick</c> is also an event field).</summary>
    public static IReadOnlyList<string> Common { get; } = ["v", "tick", "type"];

    public static IReadOnlyDictionary<string, ModEventType> ByName { get; } = new ModEventType[]
    {
        new("player_died", ["player"], ["cause_name", "cause_type", "cause_force", "cause_player", "force", "surface", "x", "y"]),
        new("player_respawned", ["player"], ["surface", "x", "y"]),
        new("research_started", ["technology"], ["level", "force"]),
        new("research_finished", ["technology"], ["level", "force", "by_script"]),
        new("research_cancelled", ["technology"], ["level", "force"]),
        new("rocket_launched", ["surface"], ["silo", "silo_id", "force", "player", "cargo", "destination", "platform", "x", "y"]),
        new("first_rocket", ["force"], ["surface", "player"]),
        new("platform_arrived", ["platform"], ["location", "force"]),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);
}
