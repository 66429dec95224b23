namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// One companion-mod event (docs/mod.md): its tick, type and fields in the order the mod writes them. Values are
/// strings, whole numbers (<see cref="long"/>), positions (<see cref="double"/>) or booleans.
/// </summary>
internal sealed record ModEvent(long Tick, string Type, IReadOnlyList<KeyValuePair<string, object>> Fields);
