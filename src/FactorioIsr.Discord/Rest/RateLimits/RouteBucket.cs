namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>
/// The state of one bucket (learned bucket hash + major parameter). One request is in flight at a time
/// (<see cref="Gate"/>), so the local count and the server's count never drift apart by more than one.
/// The holder of <see cref="Gate"/> is the main caller; a lock still guards the state, because a response on another
/// route may seed this bucket when it teaches the shared bucket hash, and a 429 may block it.
/// </summary>
internal sealed class RouteBucket(string key)
{
    /// <summary>
    /// Added to every learned reset: Discord's headers have millisecond precision and its clock ticks apart from ours,
    /// so a request sent at the exact reset can land a hair early (discord.js adds 50 ms for the same reason).
    /// </summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(20);

    private readonly Lock _state = new();

    public string Key { get; } = key;

    /// <summary>Held from acquisition until the response updated the state.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int? Limit { get; private set; }

    /// <summary>Requests left in the current window; null until the server told us.</summary>
    public int? Remaining { get; private set; }

    public DateTimeOffset? ResetAt { get; private set; }

    /// <summary>A 429 (route or shared scope) blocks the bucket until then.</summary>
    public DateTimeOffset BlockedUntil { get; private set; }

    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>May a request go now? Consumes one slot when it may.</summary>
    public RateLimitDecision TryAcquire(DateTimeOffset now)
    {
        lock (_state)
        {
            LastUsed = now;
            if (BlockedUntil > now)
            {
                return RateLimitDecision.WaitFor(BlockedUntil - now);
            }

            if (ResetAt is { } reset && now >= reset)
            {
                // The window passed: the server refilled the bucket; assume the full limit until it says otherwise.
                Remaining = Limit;
                ResetAt = null;
            }

            if (Remaining is <= 0 && ResetAt is { } resetAt)
            {
                return RateLimitDecision.WaitFor(resetAt - now);
            }

            if (Remaining is { } remaining)
            {
                Remaining = remaining - 1;
            }

            return RateLimitDecision.Proceed;
        }
    }

    /// <summary>Learns the window from a response's headers (<c>X-RateLimit-Reset-After</c> avoids clock skew).</summary>
    public void Update(RateLimitHeaders headers, DateTimeOffset now)
    {
        lock (_state)
        {
            ArgumentNullException.ThrowIfNull(headers);
            if (headers.Limit is { } limit)
            {
                Limit = limit;
            }

            if (headers.Remaining is { } remaining && headers.ResetAfter is { } resetAfter)
            {
                Remaining = remaining;
                ResetAt = now + resetAfter + ResetMargin;
            }
        }
    }

    public void BlockUntil(DateTimeOffset until)
    {
        lock (_state)
        {
            if (until > BlockedUntil)
            {
                BlockedUntil = until;
            }
        }
    }
}
