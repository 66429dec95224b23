using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace FactorioIsr.Ingest;

/// <summary>
/// Ingest instruments on the FactorioIsr.Ingest meter: <c>isr_events_total{server,type}</c> (every event that enters the
/// outbox: parsed lines, monitor, command and security events) and <c>isr_unmatched_lines_total{server}</c> (lines no
/// pattern turned into an event), and among those <c>isr_unclaimed_log_lines_total{server,level}</c> (the <c>Error</c> and
/// <c>Warning</c> lines of factorio-current.log, see <see cref="Monitoring.UnclaimedLogLines"/>). Counted by the single writer into plain cells and observed at scrape time, so the
/// hot path pays one dictionary look-up and one increment per event, no tag array.
/// </summary>
internal sealed class IngestMetrics
{
    private readonly ConcurrentDictionary<(string Server, string Type), StrongBox<long>> _events = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _unmatched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Server, string Level), StrongBox<long>> _unclaimed = new();

    public IngestMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.Ingest);
        meter.CreateObservableCounter("isr_events", ObserveEvents, "{event}", "Events that entered the outbox, by server and type (parsed lines, monitors, commands).");
        meter.CreateObservableCounter("isr_unmatched_lines", ObserveUnmatched, "{line}", "Lines read that no pattern turned into an event, per server.");
        meter.CreateObservableCounter("isr_unclaimed_log_lines", ObserveUnclaimed, "{line}", "Error and Warning lines of factorio-current.log that no pattern claims, per server and level.");
    }

    public void Event(string server, string type) =>
        Interlocked.Increment(ref _events.GetOrAdd((server, type), static _ => new StrongBox<long>()).Value);

    /// <summary>A line no pattern claimed; an Error or Warning line of factorio-current.log is counted as unclaimed too.</summary>
    public void Unmatched(string server, Tailing.TailedLine line)
    {
        Interlocked.Increment(ref _unmatched.GetOrAdd(server, static _ => new StrongBox<long>()).Value);
        if (line.File.Kind == FactorioIsr.Events.LogSourceKind.Current && Monitoring.UnclaimedLogLines.Level(line.Utf8) is { } level)
        {
            Interlocked.Increment(ref _unclaimed.GetOrAdd((server, level), static _ => new StrongBox<long>()).Value);
        }
    }

    /// <summary>The count so far (read without a listener by tests).</summary>
    public long Events(string server, string type) => _events.TryGetValue((server, type), out var cell) ? Interlocked.Read(ref cell.Value) : 0;

    public long UnmatchedLines(string server) => _unmatched.TryGetValue(server, out var cell) ? Interlocked.Read(ref cell.Value) : 0;

    private IEnumerable<Measurement<long>> ObserveEvents()
    {
        foreach (var ((server, type), cell) in _events)
        {
            yield return new Measurement<long>(Interlocked.Read(ref cell.Value), new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("type", type));
        }
    }

    private IEnumerable<Measurement<long>> ObserveUnclaimed()
    {
        foreach (var ((server, level), cell) in _unclaimed)
        {
            yield return new Measurement<long>(Interlocked.Read(ref cell.Value), new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("level", level));
        }
    }

    private IEnumerable<Measurement<long>> ObserveUnmatched()
    {
        foreach (var (server, cell) in _unmatched)
        {
            yield return new Measurement<long>(Interlocked.Read(ref cell.Value), new KeyValuePair<string, object?>("server", server));
        }
    }
}
