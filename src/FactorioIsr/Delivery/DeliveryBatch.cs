namespace FactorioIsr.Delivery;

/// <summary>
/// Consecutive outbox entries of one destination delivered as one unit (coalesced under backlog).
/// The dispatcher persists a batch's bounds before its first attempt and retries exactly the same batch,
/// so <see cref="IdempotencyKey"/> (used for Discord's <c>nonce</c>) is stable across retries and restarts.
/// </summary>
internal sealed record DeliveryBatch(string Destination, IReadOnlyList<OutboxEntry> Entries)
{
    public long FirstSequence => Entries[0].Sequence;

    public long LastSequence => Entries[^1].Sequence;

    /// <summary>Deterministic key of this batch: destination + first and last sequence.</summary>
    public string IdempotencyKey => $"{Destination}#{FirstSequence}-{LastSequence}";
}
