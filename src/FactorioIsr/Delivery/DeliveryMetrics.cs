using System.Diagnostics.Metrics;

namespace FactorioIsr.Delivery;

/// <summary>Delivery instruments on the FactorioIsr.Delivery meter (Prometheus names isr_outbox_*, isr_delivery_*, isr_ingest_errors).</summary>
internal sealed class DeliveryMetrics
{
    private readonly List<OutboxGate> _gates = [];

    public DeliveryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.Delivery);
        // Observed, not recorded: they read the gates when collected, so they fall as the outbox drains.
        meter.CreateObservableGauge("isr_outbox_rows", () => Sum(g => g.Rows), "{row}", "Events waiting in the outbox.");
        meter.CreateObservableGauge("isr_outbox_bytes", () => Sum(g => g.Bytes), "By", "Encoded bytes of the events waiting in the outbox.");
        ReadingPaused = meter.CreateCounter<long>("isr_outbox_full_waits", "{wait}", "Times reading paused because the outbox was at its cap.");
        Delivered = meter.CreateCounter<long>("isr_delivery_events", "{event}", "Events delivered, per destination.");
        Batches = meter.CreateCounter<long>("isr_delivery_batches", "{batch}", "Batches delivered, per destination.");
        Retries = meter.CreateCounter<long>("isr_delivery_retries", "{attempt}", "Transient failures retried, per destination.");
        DeadLetters = meter.CreateCounter<long>("isr_delivery_dead_letters", "{event}", "Events dead-lettered after a permanent failure, per destination.");
        IngestErrors = meter.CreateCounter<long>("isr_ingest_errors", "{error}", "Lines whose parsing failed, or commits that failed and were retried.");
    }

    public Counter<long> ReadingPaused { get; }

    public Counter<long> Delivered { get; }

    public Counter<long> Batches { get; }

    public Counter<long> Retries { get; }

    public Counter<long> DeadLetters { get; }

    public Counter<long> IngestErrors { get; }

    /// <summary>Makes a gate's outbox visible to the gauges (a relay has one).</summary>
    public void Observe(OutboxGate gate)
    {
        lock (_gates)
        {
            _gates.Add(gate);
        }
    }

    private long Sum(Func<OutboxGate, long> value)
    {
        lock (_gates)
        {
            long sum = 0;
            foreach (var gate in _gates)
            {
                sum += value(gate);
            }

            return sum;
        }
    }
}
