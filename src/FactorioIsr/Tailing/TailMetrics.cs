using System.Diagnostics.Metrics;

namespace FactorioIsr.Tailing;

/// <summary>Tailer instruments on the FactorioIsr.Tailing meter (Prometheus names isr_tail_*).</summary>
internal sealed class TailMetrics
{
    public TailMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.Tailing);
        Lines = meter.CreateCounter<long>("isr_tail_lines", "{line}", "Lines read from log files.");
        Bytes = meter.CreateCounter<long>("isr_tail_bytes", "By", "Bytes read from log files.");
        InvalidUtf8 = meter.CreateCounter<long>("isr_tail_invalid_utf8", "{sequence}", "Invalid UTF-8 sequences replaced with U+FFFD.");
        TruncatedLines = meter.CreateCounter<long>("isr_tail_truncated_lines", "{line}", "Lines longer than the limit, cut and flagged.");
        PartialLines = meter.CreateCounter<long>("isr_tail_partial_lines", "{line}", "Fragments without a newline delivered when their file ended.");
        Rotations = meter.CreateCounter<long>("isr_tail_rotations", "{rotation}", "Files rotated, replaced or deleted under a followed path.");
        Truncations = meter.CreateCounter<long>("isr_tail_truncations", "{truncation}", "Files truncated or rewritten in place.");
        LostBytes = meter.CreateCounter<long>("isr_tail_lost_bytes", "By", "Bytes that disappeared (truncated or deleted) before they could be read.");
        MissingFiles = meter.CreateUpDownCounter<long>("isr_tail_missing_files", "{file}", "Followed paths that do not exist right now.");
        UnopenedFiles = meter.CreateUpDownCounter<long>("isr_tail_unopened_files", "{file}", "Followed files waiting for a file descriptor (the open-file limit is reached).");
        ReadErrors = meter.CreateCounter<long>("isr_tail_read_errors", "{error}", "Files that could not be opened or read (permissions, I/O).");
    }

    public Counter<long> Lines { get; }

    public Counter<long> Bytes { get; }

    public Counter<long> InvalidUtf8 { get; }

    public Counter<long> TruncatedLines { get; }

    public Counter<long> PartialLines { get; }

    public Counter<long> Rotations { get; }

    public Counter<long> Truncations { get; }

    public Counter<long> LostBytes { get; }

    public UpDownCounter<long> MissingFiles { get; }

    public UpDownCounter<long> UnopenedFiles { get; }

    public Counter<long> ReadErrors { get; }
}
