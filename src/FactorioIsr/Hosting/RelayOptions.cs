using FactorioIsr.Delivery;
using FactorioIsr.Tailing;

namespace FactorioIsr.Hosting;

/// <summary>Limits of the durable pipeline.</summary>
internal sealed record RelayOptions
{
    public TailOptions Tail { get; init; } = new();

    public DispatcherOptions Dispatch { get; init; } = new();

    /// <summary>Lines between the tailers and the ingest writer; tailers wait when it is full. The default value is 16384.</summary>
    public int LineChannelCapacity { get; init; } = 16384;

    /// <summary>Lines per ingest transaction at most. The default value is 8192.</summary>
    public int MaxCommitLines { get; init; } = 8192;

    /// <summary>
    /// Outbox rows per ingest transaction at most (a transaction ends at this many rows or <see cref="MaxCommitLines"/>
    /// lines). The default value is 2048.
    /// </summary>
    public int MaxCommitEvents { get; init; } = 2048;

    /// <summary>Reading pauses while the outbox holds this many rows. The default value is 1,000,000.</summary>
    public long OutboxMaxRows { get; init; } = 1_000_000;

    /// <summary>Reading pauses while the outbox holds this many bytes of events. The default value is 1 GiB.</summary>
    public long OutboxMaxBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Graceful stop: time to commit what was read and deliver what is in flight. The default value is 8 s.</summary>
    /// <summary>Compile the per-line path in the background at start (see <see cref="Hosting.JitWarmup"/>).</summary>
    public bool JitWarmup { get; init; } = true;

    public TimeSpan ShutdownBudget { get; init; } = TimeSpan.FromSeconds(8);
}
