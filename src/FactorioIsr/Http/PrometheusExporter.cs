using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace FactorioIsr.Http;

/// <summary>
/// Collects the measurements of the service's meters made by one <see cref="IMeterFactory"/> (the host's: see
/// <see cref="Hosting.IsrMeters.IsOurs"/>, so two relays in one process never see each other's) with a
/// <see cref="MeterListener"/> and writes them in the Prometheus text format (version 0.0.4): counters as
/// <c>NAME_total</c>, up-down counters and observable gauges as gauges, histograms with cumulative buckets. Tags become
/// labels. Small on purpose: the OpenTelemetry Prometheus exporter is a beta.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly Lock _collect = new();

    public PrometheusExporter(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Hosting.IsrMeters.IsOurs(instrument.Meter, meters))
            {
                _series.TryAdd(instrument, new Series(instrument));
                listener.EnableMeasurementEvents(instrument, _series[instrument]);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => ((Series)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => ((Series)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => ((Series)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, state) => ((Series)state!).Record(v, tags));
        _listener.Start();
    }

    /// <summary>Appends every series (observable instruments are read now).</summary>
    public void WriteTo(StringBuilder text)
    {
        lock (_collect)
        {
            foreach (var series in _series.Values.Where(s => s.Observable))
            {
                series.ClearObserved();
            }

            _listener.RecordObservableInstruments();
            foreach (var series in _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                series.WriteTo(text);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Writes <c># HELP</c> and <c># TYPE</c>.</summary>
    public static void Header(StringBuilder text, string name, string type, string? help)
    {
        if (help is { Length: > 0 })
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>Writes one sample line.</summary>
    public static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name).Append(labels).Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary><c>{a="x",b="y"}</c> (escaped), or empty.</summary>
    public static string Labels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            builder.Append(builder.Length == 0 ? '{' : ',').Append(Name(key)).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return builder.Length == 0 ? "" : builder.Append('}').ToString();
    }

    /// <summary>A metric or label name: anything outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c>.</summary>
    public static string Name(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_') || (i == 0 && char.IsAsciiDigit(c)))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string LabelsOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        }

        return Labels(pairs);
    }

    private sealed class Series
    {
        private readonly Instrument _instrument;
        private readonly ConcurrentDictionary<string, Cell> _cells = new(StringComparer.Ordinal);
        private readonly Kind _kind;

        public Series(Instrument instrument)
        {
            _instrument = instrument;
            var type = instrument.GetType();
            var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            _kind = generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>) ? Kind.Counter
                : generic == typeof(Histogram<>) ? Kind.Histogram
                : Kind.Gauge;
            Observable = instrument.IsObservable;
            Name = Name(instrument.Name) + (_kind == Kind.Counter && !instrument.Name.EndsWith("_total", StringComparison.Ordinal) ? "_total" : "");
            Additive = generic == typeof(Counter<>) || generic == typeof(UpDownCounter<>);
        }

        public string Name { get; }

        public bool Observable { get; }

        private bool Additive { get; }

        public void ClearObserved() => _cells.Clear();

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var cell = _cells.GetOrAdd(LabelsOf(tags), static (_, kind) => new Cell(kind == Kind.Histogram), _kind);
            lock (cell)
            {
                if (_kind == Kind.Histogram)
                {
                    cell.Count++;
                    cell.Value += value;
                    for (var b = 0; b < DefaultBuckets.Length; b++)
                    {
                        if (value <= DefaultBuckets[b])
                        {
                            cell.Buckets![b]++;
                        }
                    }
                }
                else if (Additive)
                {
                    cell.Value += value;
                }
                else
                {
                    cell.Value = value;
                }
            }
        }

        public void WriteTo(StringBuilder text)
        {
            var type = _kind switch { Kind.Counter => "counter", Kind.Histogram => "histogram", _ => "gauge" };
            var help = _instrument.Description;
            if (_instrument.Unit is { Length: > 0 } unit && !unit.StartsWith('{'))
            {
                help = $"{help} Unit: {unit}.";
            }

            Header(text, Name, type, help);
            foreach (var (labels, cell) in _cells.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                lock (cell)
                {
                    if (_kind != Kind.Histogram)
                    {
                        Sample(text, Name, labels, cell.Value);
                        continue;
                    }

                    for (var b = 0; b < DefaultBuckets.Length; b++)
                    {
                        Sample(text, Name + "_bucket", WithLe(labels, Number(DefaultBuckets[b])), cell.Buckets![b]);
                    }

                    Sample(text, Name + "_bucket", WithLe(labels, "+Inf"), cell.Count);
                    Sample(text, Name + "_sum", labels, cell.Value);
                    Sample(text, Name + "_count", labels, cell.Count);
                }
            }
        }

        private static string WithLe(string labels, string le) =>
            labels.Length == 0 ? $"{{le=\"{le}\"}}" : labels[..^1] + $",le=\"{le}\"}}";
    }

    private sealed class Cell(bool histogram)
    {
        public double Value;
        public long Count;
        public readonly long[]? Buckets = histogram ? new long[DefaultBuckets.Length] : null;
    }

    private enum Kind
    {
        Counter,
        Gauge,
        Histogram,
    }
}
