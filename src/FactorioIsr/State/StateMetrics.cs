using System.Diagnostics.Metrics;

namespace FactorioIsr.State;

/// <summary>State store instruments (Prometheus names isr_state_*).</summary>
internal static class StateMetrics
{
    private static readonly Meter Meter = new(Hosting.IsrMeters.State);

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("isr_state_errors", "{error}", "State store operations that failed (disk full, read-only, I/O).");
    public static readonly Counter<long> CorruptRecoveries = Meter.CreateCounter<long>("isr_state_corrupt_recoveries", "{recovery}", "Corrupt state databases moved aside and replaced by a fresh one.");
    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("isr_state_commits", "{commit}", "Ingest transactions committed (lines + offsets + outbox rows).");
}
