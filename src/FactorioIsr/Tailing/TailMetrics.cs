using System.Diagnostics.Metrics;

namespace FactorioIsr.Tailing;

/// <summary>Tailer instruments on the FactorioIsr.Tailing meter (Prometheus names isr_tail_*).</summary>
internal static class TailMetrics
{
    private static readonly Meter Meter = new(Hosting.IsrMeters.Tailing);

    public static readonly Counter<long> Lines = Meter.CreateCounter<long>("isr_tail_lines", "{line}", "Lines read from log files.");
    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>("isr_tail_bytes", "By", "Bytes read from log files.");
    public static readonly Counter<long> InvalidUtf8 = Meter.CreateCounter<long>("isr_tail_invalid_utf8", "{sequence}", "Invalid UTF-8 sequences replaced with U+FFFD.");
    public static readonly Counter<long> TruncatedLines = Meter.CreateCounter<long>("isr_tail_truncated_lines", "{line}", "Lines longer than the limit, cut and flagged.");
    public static readonly Counter<long> PartialLines = Meter.CreateCounter<long>("isr_tail_partial_lines", "{line}", "Fragments without a newline delivered when their file ended.");
    public static readonly Counter<long> Rotations = Meter.CreateCounter<long>("isr_tail_rotations", "{rotation}", "Files rotated, replaced or deleted under a followed path.");
    public static readonly Counter<long> Truncations = Meter.CreateCounter<long>("isr_tail_truncations", "{truncation}", "Files truncated or rewritten in place.");
    public static readonly Counter<long> LostBytes = Meter.CreateCounter<long>("isr_tail_lost_bytes", "By", "Bytes that disappeared (truncated or deleted) before they could be read.");
    public static readonly UpDownCounter<long> MissingFiles = Meter.CreateUpDownCounter<long>("isr_tail_missing_files", "{file}", "Followed paths that do not exist right now.");
    public static readonly UpDownCounter<long> UnopenedFiles = Meter.CreateUpDownCounter<long>("isr_tail_unopened_files", "{file}", "Followed files waiting for a file descriptor (the open-file limit is reached).");
    public static readonly Counter<long> ReadErrors = Meter.CreateCounter<long>("isr_tail_read_errors", "{error}", "Files that could not be opened or read (permissions, I/O).");
}
