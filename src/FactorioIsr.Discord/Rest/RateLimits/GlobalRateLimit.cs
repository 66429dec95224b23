namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>
/// The per-bot global limit (50 requests per second by default) as a fixed one-second window, plus the block
/// a global 429 (or a Cloudflare ban) imposes on every bot route. Thread-safe.
/// </summary>
internal sealed class GlobalRateLimit(int requestsPerSecond)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _used;
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

            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used >= RequestsPerSecond)
            {
                return RateLimitDecision.WaitFor(_windowStart + Window - now);
            }

            _used++;
            return RateLimitDecision.Proceed;
        }
    }

    /// <summary>Gives back a slot taken by a caller that then had to wait for its bucket instead.</summary>
    public void Refund(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_used > 0 && now - _windowStart < Window)
            {
                _used--;
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
