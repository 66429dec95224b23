namespace FactorioIsr.Delivery;

/// <summary>
/// A destination the outbox delivers to (console, JSONL file, Discord channel, webhook).
/// One dispatcher per destination calls it sequentially: never two calls at once.
/// </summary>
internal interface IDeliveryOutput
{
    /// <summary>The destination key this output serves (matches <see cref="OutboxEntry.Destination"/>).</summary>
    string Destination { get; }

    /// <summary>
    /// Whether a retry, also after a crash, must send exactly the same batch (its <see cref="DeliveryBatch.IdempotencyKey"/>
    /// is a Discord nonce): then the dispatcher persists the batch's bounds before the first attempt. Outputs that
    /// recognise what they already delivered by the events themselves (JSONL) or promise nothing (console) say false
    /// and save that write.
    /// </summary>
    bool NeedsStableBatches => true;

    /// <summary>
    /// How many of the leading <paramref name="pending"/> entries (at least 1) fit into one delivery under this
    /// destination's limits. Pure: it is called before the batch is persisted.
    /// </summary>
    int Pack(IReadOnlyList<OutboxEntry> pending);

    /// <summary>Delivers exactly this batch as one unit. Retries of the same batch reuse its idempotency key.</summary>
    ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken);
}
