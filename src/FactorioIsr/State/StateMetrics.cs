using System.Diagnostics.Metrics;

namespace FactorioIsr.State;

/// <summary>State store instruments on the FactorioIsr.State meter (Prometheus names isr_state_*).</summary>
internal sealed class StateMetrics
{
    public StateMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.State);
        Errors = meter.CreateCounter<long>("isr_state_errors", "{error}", "State store operations that failed (disk full, read-only, I/O).");
        CorruptRecoveries = meter.CreateCounter<long>("isr_state_corrupt_recoveries", "{recovery}", "Corrupt state databases moved aside and replaced by a fresh one.");
        Commits = meter.CreateCounter<long>("isr_state_commits", "{commit}", "Ingest transactions committed (lines + offsets + outbox rows).");
    }

    public Counter<long> Errors { get; }

    public Counter<long> CorruptRecoveries { get; }

    public Counter<long> Commits { get; }
}
