namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>
/// The per-bot global limit (50 requests per second by default) plus the block a global 429 (or a Cloudflare ban)
/// imposes on every bot route. A sliding log rather than a fixed window: Discord's window does not start when ours
/// does, so we guarantee that no span of one second (plus a margin for network jitter) holds more than the limit.
/// Thread-safe.
/// </summary>
internal sealed class GlobalRateLimit(int requestsPerSecond)
{
    /// <summary>One second plus 50 ms: latency differences between requests must not squeeze two windows together.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1050);
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public int RequestsPerSecond { get; } = requestsPerSecond > 0
        ? requestsPerSecond
        : throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "Must be positive.");

    public DateTimeOffset BlockedUntil
    {
        get
        {
            lock (_lock)
            {
                return _blockedUntil;
            }
        }
    }

    /// <summary>Checks the block only (for routes exempt from the global count but not from a ban).</summary>
    public RateLimitDecision CheckBlocked(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _blockedUntil > now ? RateLimitDecision.WaitFor(_blockedUntil - now) : RateLimitDecision.Proceed;
        }
    }

    public RateLimitDecision TryAcquire(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_blockedUntil > now)
            {
                return RateLimitDecision.WaitFor(_blockedUntil - now);
            }

            while (_sent.Count > 0 && now - _sent.Peek() >= Window)
            {
                _sent.Dequeue();
            }

            if (_sent.Count >= RequestsPerSecond)
            {
                return RateLimitDecision.WaitFor(_sent.Peek() + Window - now);
            }

            _sent.Enqueue(now);
            return RateLimitDecision.Proceed;
        }
    }

    /// <summary>Gives back the newest slot, taken by a caller that then had to wait for its bucket instead.</summary>
    public void Refund(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_sent.Count > 0 && _sent.Last() == now)
            {
                // Queue has no RemoveLast: rebuild without the newest entry (at most RequestsPerSecond items).
                var kept = _sent.Take(_sent.Count - 1).ToList();
                _sent.Clear();
                foreach (var time in kept)
                {
                    _sent.Enqueue(time);
                }
            }
        }
    }

    public void BlockUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }
}
