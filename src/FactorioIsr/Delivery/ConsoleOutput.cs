namespace FactorioIsr.Delivery;

/// <summary>
/// Shows what each Discord message would look like: consecutive events coalesced up to Discord's 2000-character
/// limit, each line "[server] text". For demos and debugging; never fails.
/// </summary>
internal sealed class ConsoleOutput(TextWriter writer) : IDeliveryOutput
{
    public const string Key = "console";
    private const int MessageLimit = 2000;

    public string Destination => Key;

    /// <summary>False: the console makes no exactly-once promise, so no batch bounds are saved.</summary>
    public bool NeedsStableBatches => false;

    public int Pack(IReadOnlyList<OutboxEntry> pending)
    {
        var length = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            length += Line(pending[i]).Length + 1;
            if (length > MessageLimit && i > 0)
            {
                return i;
            }
        }

        return pending.Count;
    }

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        var message = string.Join('\n', batch.Entries.Select(Line));
        await writer.WriteLineAsync(message.AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return DeliveryOutcome.Delivered;
    }

    private static string Line(OutboxEntry entry) => $"[{entry.Event.Server}] {entry.Event.Text}";
}
