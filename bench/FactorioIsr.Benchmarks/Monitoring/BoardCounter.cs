using Microsoft.Extensions.Logging;

namespace FactorioIsr.Benchmarks.Monitoring;

/// <summary>The status board's logger in the load harness: counts its creates, edits, chart uploads and failures (by event id).</summary>
internal sealed class BoardCounter : ILogger
{
    private long _created;
    private long _edits;
    private long _charts;
    private long _failures;

    public long Created => Interlocked.Read(ref _created);

    /// <summary>Creates and edits.</summary>
    public long Edits => Interlocked.Read(ref _edits);

    /// <summary>Creates and edits that uploaded a newly rendered chart.</summary>
    public long Charts => Interlocked.Read(ref _charts);

    public long Failures => Interlocked.Read(ref _failures);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        switch (eventId.Id)
        {
            case 6100:
                Interlocked.Increment(ref _created);
                Interlocked.Increment(ref _edits);
                Interlocked.Increment(ref _charts);
                break;
            case 6101:
                Interlocked.Increment(ref _edits);
                if (state is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key == "Chart" && v.Value is true))
                {
                    Interlocked.Increment(ref _charts);
                }

                break;
            case 6103 or 6104:
                Interlocked.Increment(ref _failures);
                break;
        }
    }
}
