namespace FactorioIsr.Delivery;

/// <summary>Dispatcher tuning.</summary>
internal sealed record DispatcherOptions
{
    /// <summary>Rows read from the outbox at once (the most a batch can hold). The default value is 8192.</summary>
    public int MaxPendingRows { get; init; } = 8192;

    /// <summary>Encoded bytes read from the outbox at once. The default value is 8 MiB.</summary>
    public long MaxPendingBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How long to wait before retrying a batch. The default value is <see cref="RetryBackoff.Delivery"/>.</summary>
    public RetryBackoff Backoff { get; init; } = RetryBackoff.Delivery;

    /// <summary>The jitter's random source (tests pin it). The default value is <see cref="Random.Shared"/>.</summary>
    public Random Random { get; init; } = Random.Shared;
}
