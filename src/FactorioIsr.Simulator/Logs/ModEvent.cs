namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// One companion-mod event. PROVISIONAL: the real format is defined by the companion mod's issue; until then the
/// simulator writes <c>{"tick":N,"type":"...","player":"...",...}</c> with extra string fields flattened in.
/// </summary>
internal sealed record ModEvent(long Tick, string Type, string? Player, IReadOnlyDictionary<string, string>? Fields = null);
