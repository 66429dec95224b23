using System.Diagnostics.Metrics;

namespace FactorioIsr.Rcon.Client;

/// <summary>
/// RCON instruments on the <see cref="MeterName"/> meter, shared by every <see cref="RconClient"/> of one process part
/// (one per relay, made from its <see cref="IMeterFactory"/>): <c>isr_rcon_latency_seconds{server}</c>, the round trip
/// of each successful command (a histogram), and <c>isr_rcon_reconnects_total{server}</c>, connections opened after an
/// earlier one of the same client was lost or reset (the first connect is not a reconnect).
/// </summary>
public sealed class RconMetrics
{
    public const string MeterName = "FactorioIsr.Rcon";

    private readonly Histogram<double> _latency;
    private readonly Counter<long> _reconnects;

    public RconMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _latency = meter.CreateHistogram<double>("isr_rcon_latency_seconds", "s", "Round trip of successful RCON commands, per server.");
        _reconnects = meter.CreateCounter<long>("isr_rcon_reconnects", "{connection}", "RCON connections opened again after one was lost or reset, per server.");
    }

    internal void Completed(string server, TimeSpan latency) =>
        _latency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("server", server));

    internal void Reconnected(string server) => _reconnects.Add(1, new KeyValuePair<string, object?>("server", server));
}
