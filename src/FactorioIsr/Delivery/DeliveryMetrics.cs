using System.Diagnostics.Metrics;

namespace FactorioIsr.Delivery;

/// <summary>Delivery instruments (Prometheus names isr_outbox_* and isr_delivery_*).</summary>
internal static class DeliveryMetrics
{
    private static readonly Meter Meter = new(Hosting.IsrMeters.Delivery);
    private static readonly List<WeakReference<OutboxGate>> Gates = [];

    // Observed, not recorded: they read the gates when collected, so they fall as the outbox drains.
    private static readonly ObservableGauge<long> OutboxRows = Meter.CreateObservableGauge("isr_outbox_rows", () => Sum(g => g.Rows), "{row}", "Events waiting in the outbox.");
    private static readonly ObservableGauge<long> OutboxBytes = Meter.CreateObservableGauge("isr_outbox_bytes", () => Sum(g => g.Bytes), "By", "Encoded bytes of the events waiting in the outbox.");
    public static readonly Counter<long> ReadingPaused = Meter.CreateCounter<long>("isr_outbox_full_waits", "{wait}", "Times reading paused because the outbox was at its cap.");
    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("isr_delivery_events", "{event}", "Events delivered, per destination.");
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("isr_delivery_batches", "{batch}", "Batches delivered, per destination.");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("isr_delivery_retries", "{attempt}", "Transient failures retried, per destination.");
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("isr_delivery_dead_letters", "{event}", "Events dead-lettered after a permanent failure, per destination.");
    public static readonly Counter<long> IngestErrors = Meter.CreateCounter<long>("isr_ingest_errors", "{error}", "Lines whose parsing failed, or commits that failed and were retried.");

    /// <summary>Makes a gate's outbox visible to the gauges (for as long as it lives).</summary>
    public static void Observe(OutboxGate gate)
    {
        _ = OutboxRows;
        _ = OutboxBytes;
        lock (Gates)
        {
            Gates.RemoveAll(g => !g.TryGetTarget(out _));
            Gates.Add(new WeakReference<OutboxGate>(gate));
        }
    }

    private static long Sum(Func<OutboxGate, long> value)
    {
        lock (Gates)
        {
            long sum = 0;
            foreach (var reference in Gates)
            {
                if (reference.TryGetTarget(out var gate))
                {
                    sum += value(gate);
                }
            }

            return sum;
        }
    }
}
