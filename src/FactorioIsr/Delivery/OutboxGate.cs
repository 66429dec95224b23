using FactorioIsr.State;
using FactorioIsr.Tailing;

namespace FactorioIsr.Delivery;

/// <summary>
/// Shared by the ingest writer and the dispatchers: the outbox's size against its cap (reading pauses above it;
/// nothing is dropped) and one wake-up signal per destination.
/// </summary>
internal sealed class OutboxGate
{
    private readonly long _maxRows;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AsyncSignal> _signals = new(StringComparer.Ordinal);
    private readonly AsyncSignal _room = new();
    private long _rows;
    private long _bytes;

    /// <param name="metrics">The relay's delivery instruments (the gauges read this gate); null: not measured.</param>
    public OutboxGate(long maxRows, long maxBytes, DeliveryMetrics? metrics = null)
    {
        _maxRows = maxRows;
        _maxBytes = maxBytes;
        Metrics = metrics;
        metrics?.Observe(this);
    }

    /// <summary>The delivery instruments the writer and the dispatchers of this outbox count with.</summary>
    public DeliveryMetrics? Metrics { get; }

    public long Rows => Interlocked.Read(ref _rows);

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool IsFull => Rows >= _maxRows || Bytes >= _maxBytes;

    /// <summary>Whether the outbox would be at its cap with these rows and bytes (being committed) added.</summary>
    public bool WouldBeFull(long rows, long bytes) => Rows + rows >= _maxRows || Bytes + bytes >= _maxBytes;

    public void Added(OutboxTotals totals)
    {
        Interlocked.Add(ref _rows, totals.Rows);
        Interlocked.Add(ref _bytes, totals.Bytes);
    }

    public void Removed(OutboxTotals totals)
    {
        Interlocked.Add(ref _rows, -totals.Rows);
        Interlocked.Add(ref _bytes, -totals.Bytes);
        _room.Set();
    }

    /// <summary>Waits until the outbox is under its cap again.</summary>
    public async Task WaitForRoomAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        while (IsFull)
        {
            Metrics?.ReadingPaused.Add(1);
            await _room.WaitAsync(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    public AsyncSignal SignalFor(string destination)
    {
        lock (_gate)
        {
            if (!_signals.TryGetValue(destination, out var signal))
            {
                signal = new AsyncSignal();
                _signals[destination] = signal;
            }

            return signal;
        }
    }
}
