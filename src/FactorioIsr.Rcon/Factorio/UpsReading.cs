namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// One UPS estimate: average updates per second over <see cref="Interval"/>. When <see cref="IsPaused"/> the game
/// did not advance at all (auto-pause without players, or <c>tick_paused</c>): report "paused", not 0 UPS.
/// </summary>
public readonly record struct UpsReading(double Ups, bool IsPaused, TimeSpan Interval, long TickDelta);
