namespace FactorioIsr.Delivery;

/// <summary>
/// The service's one retry policy: exponential from <see cref="Initial"/>, capped at <see cref="Max"/>, half jittered
/// (a delay lies in [ceiling/2, ceiling]), and never shorter than a server's Retry-After. The random source is
/// injected, so tests can pin the jitter. (The RCON and Discord client libraries keep their own, as libraries do.)
/// </summary>
/// <param name="Initial">The first delay's ceiling.</param>
/// <param name="Max">The largest ceiling.</param>
internal sealed record RetryBackoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>Dispatchers: 0.5 s doubling to 60 s.</summary>
    public static RetryBackoff Delivery { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));

    /// <summary>The ingest writer's commits while the store refuses them: 0.2 s doubling to 5 s.</summary>
    public static RetryBackoff StoreCommit { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>The delay after a failure with <paramref name="attempt"/> failures before it (0 for the first).</summary>
    public TimeSpan Delay(int attempt, Random random, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30)));
        var delay = TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
        return retryAfter is { } after && after > delay ? after : delay;
    }
}
