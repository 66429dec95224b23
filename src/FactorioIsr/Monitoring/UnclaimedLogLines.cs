
namespace FactorioIsr.Monitoring;

/// <summary>
/// The <c>Error</c> and <c>Warning</c> lines of factorio-current.log that no pattern claims, counted per server and level
/// by the ingest writer (<c>isr_unclaimed_log_lines_total{server,level}</c>, <see cref="Ingest.IngestMetrics"/>): they are not posted, but a rising count says the patterns
/// miss something. A line is <c>[elapsed] Error …</c> or <c>[elapsed] Warning …</c> (Factorio 1.1 and 2.0; the
/// elapsed-seconds prefix is optional). Bytes only; nothing is allocated for a line that is neither.
/// </summary>
internal static class UnclaimedLogLines
{
    private static readonly System.Buffers.SearchValues<byte> Elapsed = System.Buffers.SearchValues.Create("0123456789."u8);

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
