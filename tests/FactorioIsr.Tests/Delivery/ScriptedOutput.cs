using FactorioIsr.Delivery;

namespace FactorioIsr.Tests.Delivery;

/// <summary>An output whose answer per batch is scripted; it records what it accepted, in order.</summary>
internal sealed class ScriptedOutput(string destination, Func<DeliveryBatch, DeliveryOutcome> answer, int packSize = 50) : IDeliveryOutput
{
    private readonly List<string> _accepted = [];
    private int _attempts;

    public string Destination => destination;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Whether the dispatcher must persist batch bounds for this output (true, like Discord, unless set).</summary>
    public bool Stable { get; init; } = true;

    public bool NeedsStableBatches => Stable;

    public IReadOnlyList<string> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return [.. _accepted];
            }
        }
    }

    public int Pack(IReadOnlyList<OutboxEntry> pending) => Math.Min(packSize, pending.Count);

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var outcome = answer(batch);
        if (outcome.Status == DeliveryStatus.Delivered)
        {
            lock (_accepted)
            {
                _accepted.AddRange(batch.Entries.Select(e => e.Event.Raw));
            }
        }

        return ValueTask.FromResult(outcome);
    }
}
