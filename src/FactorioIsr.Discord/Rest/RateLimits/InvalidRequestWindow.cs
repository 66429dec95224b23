namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>
/// Counts invalid requests (401, 403, and 429 except scope <c>shared</c>) in a sliding 10-minute window.
/// Discord bans an IP for a while at 10,000; we open a circuit at <see cref="Threshold"/> (5,000 by default)
/// and refuse to send until the window has slid below it. Thread-safe.
/// </summary>
internal sealed class InvalidRequestWindow(int threshold)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _times = new();

    public int Threshold { get; } = threshold > 0 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));

    public int Count(DateTimeOffset now)
    {
        lock (_lock)
        {
            Trim(now);
            return _times.Count;
        }
    }

    public void Record(DateTimeOffset now)
    {
        lock (_lock)
        {
            Trim(now);
            _times.Enqueue(now);
        }
    }

    /// <summary>Proceed while under the threshold; otherwise wait until enough old entries leave the window.</summary>
    public RateLimitDecision Check(DateTimeOffset now)
    {
        lock (_lock)
        {
            Trim(now);
            if (_times.Count < Threshold)
            {
                return RateLimitDecision.Proceed;
            }

            // The oldest entry that must expire to drop below the threshold.
            var index = _times.Count - Threshold;
            var expiring = _times.ElementAt(index);
            return RateLimitDecision.WaitFor(expiring + Window - now);
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_times.Count > 0 && now - _times.Peek() >= Window)
        {
            _times.Dequeue();
        }
    }
}
