namespace FactorioIsr.Discord.Rest;

/// <summary>
/// The delays between retries of a 5xx or a timeout, as a value: enumerate it to see exactly what will happen.
/// Exponential with a cap and no jitter (one request is in flight per bucket, so there is no herd to spread).
/// </summary>
internal sealed record BackoffPolicy(TimeSpan First, double Factor, TimeSpan Max, int MaxRetries)
{
    /// <summary>0.5 s, 1 s, 2 s: three retries within a few seconds, then the caller (the outbox) takes over.</summary>
    public static BackoffPolicy Default { get; } = new(TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromSeconds(5), 3);

    public static BackoffPolicy None { get; } = new(TimeSpan.Zero, 1, TimeSpan.Zero, 0);

    public IEnumerable<TimeSpan> Delays()
    {
        var delay = First;
        for (var i = 0; i < MaxRetries; i++)
        {
            yield return delay < Max ? delay : Max;
            delay = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * Factor, Max.Ticks));
        }
    }
}
