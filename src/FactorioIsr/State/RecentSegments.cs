using FactorioIsr.Delivery;
using FactorioIsr.Events;

namespace FactorioIsr.State;

/// <summary>
/// The events of the most recently committed segments, kept in memory so a dispatcher that keeps up gets them without
/// reading and decoding what was just written (the hand-off between the ingest writer and the dispatchers). Only
/// committed segments enter; the oldest leave first once more than <c>maxEvents</c> are held, and acknowledged ones
/// leave at once, so memory stays bounded and a dispatcher that falls behind reads from the database as before.
/// Per destination the cached segments are always the newest ones, without gaps.
/// </summary>
internal sealed class RecentSegments(int maxEvents)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Cached>> _byDestination = new(StringComparer.Ordinal);
    private int _events;
    private long _stamp;

    public void Add(string destination, long first, FactorioEvent[] events, int[] sizes)
    {
        if (events.Length == 0 || events.Length > maxEvents)
        {
            return;
        }

        var cached = new Cached(destination, first, events, sizes, ++_stamp);
        lock (_gate)
        {
            if (!_byDestination.TryGetValue(destination, out var list))
            {
                list = [];
                _byDestination[destination] = list;
            }

            if (list.Count > 0 && list[^1].Last + 1 != first)
            {
                // Never a gap: a reader must not take the cache for complete when it is not.
                _events -= list.Sum(c => c.Events.Length);
                list.Clear();
            }

            list.Add(cached);
            _events += events.Length;
            while (_events > maxEvents)
            {
                // The oldest segment is the head of one destination's list (few destinations: a scan is cheap).
                Remove(_byDestination.Values.MinBy(l => l[0].Stamp)![0]);
            }
        }
    }

    /// <summary>Everything up to <paramref name="acked"/> of the destination has been acknowledged.</summary>
    public void Acknowledged(string destination, long acked)
    {
        lock (_gate)
        {
            if (_byDestination.TryGetValue(destination, out var list))
            {
                while (list.Count > 0 && list[0].Last <= acked)
                {
                    Remove(list[0]);
                }
            }
        }
    }

    /// <summary>
    /// The entries after <paramref name="after"/> up to <paramref name="last"/> within the limits (at least one), if
    /// the cache holds the segment with the first of them; null otherwise (read the database).
    /// </summary>
    public List<OutboxEntry>? TryRead(string destination, long after, long last, int maxRows, long maxBytes, int attempts)
    {
        lock (_gate)
        {
            if (!_byDestination.TryGetValue(destination, out var list) || list.Count == 0 || list[0].First > after + 1 || list[^1].Last <= after)
            {
                return null;
            }

            var result = new List<OutboxEntry>();
            long bytes = 0;
            foreach (var segment in list)
            {
                for (var seq = Math.Max(after + 1, segment.First); seq <= segment.Last && seq <= last; seq++)
                {
                    var i = (int)(seq - segment.First);
                    if (result.Count >= maxRows || (result.Count > 0 && bytes + segment.Sizes[i] > maxBytes))
                    {
                        return result;
                    }

                    bytes += segment.Sizes[i];
                    result.Add(new OutboxEntry(seq, destination, segment.Events[i], attempts));
                }
            }

            return result;
        }
    }

    private void Remove(Cached segment)
    {
        _events -= segment.Events.Length;
        if (_byDestination.TryGetValue(segment.Destination, out var list))
        {
            list.Remove(segment);
            if (list.Count == 0)
            {
                _byDestination.Remove(segment.Destination);
            }
        }
    }

    private sealed class Cached(string destination, long first, FactorioEvent[] events, int[] sizes, long stamp)
    {
        public long Stamp { get; } = stamp;

        public string Destination { get; } = destination;

        public long First { get; } = first;

        public long Last => First + Events.Length - 1;

        public FactorioEvent[] Events { get; } = events;

        public int[] Sizes { get; } = sizes;
    }
}
