using System.Diagnostics.Metrics;

namespace FactorioIsr.Patterns.ModEvents;

/// <summary>Mod event instruments on the FactorioIsr.Patterns meter (Prometheus names isr_mod_*).</summary>
internal sealed class ModEventMetrics
{
    public ModEventMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.Patterns);
        Malformed = meter.CreateCounter<long>(
            "isr_mod_lines_malformed", "{line}", "Mod event lines skipped, by reason: invalid_json (truncated by a crash mid-write), unknown_type, missing_field.");
        NewerVersion = meter.CreateCounter<long>(
            "isr_mod_lines_newer_version", "{line}", "Mod event lines of a newer format version than this isr knows, read for the fields it knows.");
    }

    public Counter<long> Malformed { get; }

    public Counter<long> NewerVersion { get; }

    public static string ReasonTag(ModLineProblem problem) => problem switch
    {
        ModLineProblem.InvalidJson => "invalid_json",
        ModLineProblem.UnknownType => "unknown_type",
        ModLineProblem.MissingField => "missing_field",
        _ => "none",
    };

    public void Count(ModLineProblem problem, bool newer)
    {
        if (problem != ModLineProblem.None)
        {
            Malformed.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(problem)));
        }

        if (newer)
        {
            NewerVersion.Add(1);
        }
    }
}
