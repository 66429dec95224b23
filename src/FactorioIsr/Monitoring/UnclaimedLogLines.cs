using System.Diagnostics.Metrics;
using FactorioIsr.Events;
using FactorioIsr.Ingest;

namespace FactorioIsr.Monitoring;

/// <summary>
/// Counts the <c>Error</c> and <c>Warning</c> lines of factorio-current.log that no pattern claims, per server and level
/// (<c>isr_unclaimed_log_lines_total{server,level}</c>): they are not posted, but a rising count says the patterns
/// miss something. A line is <c>[elapsed] Error …</c> or <c>[elapsed] Warning …</c> (Factorio 1.1 and 2.0; the
/// elapsed-seconds prefix is optional). Bytes only; nothing is allocated for a line that is neither.
/// </summary>
internal static class UnclaimedLogLines
{
    private static readonly Meter Meter = new(Hosting.IsrMeters.Monitoring);
    private static readonly System.Buffers.SearchValues<byte> Elapsed = System.Buffers.SearchValues.Create("0123456789."u8);

    /// <summary>The counter (tags <c>server</c>, <c>level</c>: <c>error</c> or <c>warning</c>).</summary>
    public static readonly Counter<long> Lines = Meter.CreateCounter<long>(
        "isr_unclaimed_log_lines", "{line}", "Error and Warning lines of factorio-current.log that no pattern claims, per server and level.");

    /// <summary><paramref name="inner"/>, counting the lines of current logs it makes no event of.</summary>
    public static LineParser Counting(LineParser inner) => line =>
    {
        var events = inner(line);
        if (events.Count == 0 && line.File.Kind == LogSourceKind.Current && Level(line.Utf8) is { } level)
        {
            Lines.Add(1, new KeyValuePair<string, object?>("server", line.File.Server), new KeyValuePair<string, object?>("level", level));
        }

        return events;
    };

    /// <summary><c>error</c>, <c>warning</c>, or null for any other line.</summary>
    internal static string? Level(ReadOnlySpan<byte> line)
    {
        var text = line.TrimStart(" \t"u8);
        var digits = text.IndexOfAnyExcept(Elapsed);
        if (digits > 0 && text[digits] == (byte)' ')
        {
            text = text[(digits + 1)..];
        }
        else if (digits != 0)
        {
            return null;
        }

        return text.StartsWith("Error "u8) ? "error" : text.StartsWith("Warning "u8) ? "warning" : null;
    }
}
