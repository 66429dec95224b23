namespace FactorioIsr.Delivery;

/// <summary>What happened to a batch.</summary>
internal enum DeliveryStatus
{
    /// <summary>Delivered (or known to be delivered already, e.g. a nonce replay).</summary>
    Delivered,

    /// <summary>Not delivered; retry the same batch later (5xx, timeout, 429, connection refused).</summary>
    Transient,

    /// <summary>Will never be delivered (a permanent 4xx): dead-letter the batch with the reason and go on.</summary>
    Permanent,

    /// <summary>The output itself cannot work (401 invalid token): stop it, keep its rows, report unhealthy.</summary>
    OutputDisabled,
}

/// <summary>The result of one delivery attempt. A value, so tests compare it directly.</summary>
internal readonly record struct DeliveryOutcome(DeliveryStatus Status, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Delivered { get; } = new(DeliveryStatus.Delivered);

    public static DeliveryOutcome Transient(string reason, TimeSpan? retryAfter = null) => new(DeliveryStatus.Transient, reason, retryAfter);

    public static DeliveryOutcome Permanent(string reason) => new(DeliveryStatus.Permanent, reason);

    public static DeliveryOutcome Disabled(string reason) => new(DeliveryStatus.OutputDisabled, reason);
}
