using System.Buffers;
using FactorioIsr.Events;

namespace FactorioIsr.State;

/// <summary>
/// The outbox rows of one ingest transaction, already encoded: one segment per destination (events in order).
/// Built by the ingest writer outside the store's lock, committed by <see cref="IStateStore.CommitIngestAsync"/>.
/// Reusable: <see cref="Clear"/> keeps the buffers.
/// </summary>
internal sealed class OutboxBatch
{
    private readonly Dictionary<string, Segment> _segments = new(StringComparer.Ordinal);
    private readonly List<Segment> _order = [];

    /// <summary>The segments with at least one event, in the order their destinations first appeared.</summary>
    public IEnumerable<Segment> Segments => _order.Where(s => s.Count > 0);

    public long Events { get; private set; }

    public long Bytes { get; private set; }

    public void Add(string destination, FactorioEvent @event)
    {
        if (!_segments.TryGetValue(destination, out var segment))
        {
            segment = new Segment(destination);
            _segments[destination] = segment;
            _order.Add(segment);
        }

        var bytes = OutboxCodec.Write(segment.Data, @event);
        segment.Events.Add(@event);
        segment.Sizes.Add(bytes);
        Events++;
        Bytes += bytes;
    }

    public void Clear()
    {
        foreach (var segment in _order)
        {
            segment.Events.Clear();
            segment.Sizes.Clear();
            segment.Data.ResetWrittenCount();
        }

        // Destinations seen once rarely come back after a long quiet spell; don't keep their buffers forever.
        if (_order.Count > 64)
        {
            _order.Clear();
            _segments.Clear();
        }

        Events = 0;
        Bytes = 0;
    }

    /// <summary>One destination's events of this transaction.</summary>
    internal sealed class Segment(string destination)
    {
        public string Destination { get; } = destination;

        public ArrayBufferWriter<byte> Data { get; } = new(4096);

        /// <summary>The events themselves, for the in-memory hand-off to the dispatchers (<see cref="RecentSegments"/>).</summary>
        public List<FactorioEvent> Events { get; } = [];

        /// <summary>The encoded size of each event.</summary>
        public List<int> Sizes { get; } = [];

        public int Count => Events.Count;
    }
}
