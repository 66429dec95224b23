using FactorioIsr.Events;
using FactorioIsr.Tailing;

namespace FactorioIsr.Ingest;

/// <summary>Builds events from tailed lines: the stable id, the line's flags as fields.</summary>
internal static class LineEvents
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = EventFields.Empty;

    /// <summary>The line's flags as event fields (<c>partial</c>, <c>truncated</c>, <c>invalid_utf8</c>), merged into <paramref name="fields"/>.</summary>
    public static IReadOnlyDictionary<string, string> WithFlags(TailedLine line, IReadOnlyDictionary<string, string> fields)
    {
        if (line.Flags == TailedLineFlags.None)
        {
            return fields;
        }

        var merged = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        if (line.Flags.HasFlag(TailedLineFlags.Partial))
        {
            merged["partial"] = "true";
        }

        if (line.Flags.HasFlag(TailedLineFlags.Truncated))
        {
            merged["truncated"] = "true";
        }

        if (line.Flags.HasFlag(TailedLineFlags.InvalidUtf8))
        {
            merged["invalid_utf8"] = "true";
        }

        return merged;
    }

    /// <summary>Every line as one event of type <c>line</c> (no patterns): what the pipeline tests and benchmarks use.</summary>
    public static LineParser Raw(TimeProvider time) => line =>
    [
        new FactorioEvent(
            line.EventId,
            line.File.Server,
            line.File.Kind,
            "line",
            null,
            null,
            WithFlags(line, NoFields),
            null,
            "events",
            time.GetUtcNow(),
            line.Text,
            line.Text),
    ];
}
