using FactorioIsr.Events;

namespace FactorioIsr.Delivery;

/// <summary>One durable outbox row: an event queued for one destination.</summary>
/// <param name="Sequence">Monotonic per destination; delivery order.</param>
/// <param name="Destination">Destination key, e.g. <c>console</c>, <c>jsonl</c>, <c>discord:channel:123</c>, <c>webhook:ab12cd</c>.</param>
/// <param name="Event">The event.</param>
/// <param name="Attempts">Failed attempts so far.</param>
internal sealed record OutboxEntry(long Sequence, string Destination, FactorioEvent Event, int Attempts);
