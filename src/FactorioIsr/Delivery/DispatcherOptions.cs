namespace FactorioIsr.Delivery;

/// <summary>Dispatcher tuning.</summary>
internal sealed record DispatcherOptions
{
    /// <summary>Rows read from the outbox at once (the most a batch can hold). The default value is 8192.</summary>
    public int MaxPendingRows { get; init; } = 8192;

    /// <summary>Encoded bytes read from the outbox at once. The default value is 8 MiB.</summary>
    public long MaxPendingBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>First retry delay; doubles per failure. The default value is 500 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest retry delay (before jitter). The default value is 60 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delay for a failure with the given number of previous attempts: exponential, capped, half jittered.</summary>
    public TimeSpan Backoff(int attempt, TimeSpan? retryAfter, Random random)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        var delay = TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
        return retryAfter is { } after && after > delay ? after : delay;
    }
}
