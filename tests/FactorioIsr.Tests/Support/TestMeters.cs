using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Tests.Support;

/// <summary>
/// A test's own <see cref="IMeterFactory"/> (what <c>AddMetrics</c> gives a host) and what its instruments measured: the
/// listener takes the meters of this factory only, so tests running in parallel never see each other's counts.
/// </summary>
internal sealed class TestMeters : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public TestMeters()
    {
        Factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, Factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _measurements.Enqueue((i.Name, v, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _measurements.Enqueue((i.Name, v, tags.ToArray())));
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>The sum of what <paramref name="instrument"/> recorded with (at least) these tags.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Matching(instrument, tags).Sum(m => m.Value);

    /// <summary>How many measurements <paramref name="instrument"/> recorded with these tags (a histogram's count).</summary>
    public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count();

    /// <summary>The latest value each observable instrument reports now, with these tags (summed over other tags).</summary>
    public double Observe(string instrument, params (string Key, string Value)[] tags)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return Sum(instrument, tags);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument
            && tags.All(t => m.Tags.Any(x => x.Key == t.Key && string.Equals(Convert.ToString(x.Value, System.Globalization.CultureInfo.InvariantCulture), t.Value, StringComparison.Ordinal))));
}
