using System.Diagnostics.Metrics;

namespace FactorioIsr.Delivery;

/// <summary>Delivery instruments (Prometheus names isr_outbox_* and isr_delivery_*).</summary>
internal static class DeliveryMetrics
{
    private static readonly Meter Meter = new("FactorioIsr");

    public static readonly Gauge<long> OutboxRows = Meter.CreateGauge<long>("isr_outbox_rows", "{row}", "Events waiting in the outbox.");
    public static readonly Counter<long> ReadingPaused = Meter.CreateCounter<long>("isr_outbox_full_waits", "{wait}", "Times reading paused because the outbox was at its cap.");
    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("isr_delivery_events", "{event}", "Events delivered, per destination.");
    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("isr_delivery_batches", "{batch}", "Batches delivered, per destination.");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("isr_delivery_retries", "{attempt}", "Transient failures retried, per destination.");
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("isr_delivery_dead_letters", "{event}", "Events dead-lettered after a permanent failure, per destination.");
    public static readonly Counter<long> IngestErrors = Meter.CreateCounter<long>("isr_ingest_errors", "{error}", "Lines whose parsing failed, or commits that failed and were retried.");
}
