using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace FactorioIsr.Ingest;

/// <summary>
/// Ingest instruments on the FactorioIsr.Ingest meter: <c>isr_events_total{server,type}</c> (every event that enters the
/// outbox: parsed lines, monitor, command and security events) and <c>isr_unmatched_lines_total{server}</c> (lines no
/// pattern turned into an event). Counted by the single writer into plain cells and observed at scrape time, so the
/// hot path pays one dictionary look-up and one increment per event, no tag array.
/// </summary>
internal sealed class IngestMetrics
{
    private readonly ConcurrentDictionary<(string Server, string Type), StrongBox<long>> _events = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _unmatched = new(StringComparer.Ordinal);

    public IngestMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.Ingest);
        meter.CreateObservableCounter("isr_events", ObserveEvents, "{event}", "Events that entered the outbox, by server and type (parsed lines, monitors, commands).");
        meter.CreateObservableCounter("isr_unmatched_lines", ObserveUnmatched, "{line}", "Lines read that no pattern turned into an event, per server.");
    }

    public void Event(string server, string type) =>
        Interlocked.Increment(ref _events.GetOrAdd((server, type), static _ => new StrongBox<long>()).Value);

    public void Unmatched(string server) =>
        Interlocked.Increment(ref _unmatched.GetOrAdd(server, static _ => new StrongBox<long>()).Value);

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

    private IEnumerable<Measurement<long>> ObserveUnmatched()
    {
        foreach (var (server, cell) in _unmatched)
        {
            yield return new Measurement<long>(Interlocked.Read(ref cell.Value), new KeyValuePair<string, object?>("server", server));
        }
    }
}
