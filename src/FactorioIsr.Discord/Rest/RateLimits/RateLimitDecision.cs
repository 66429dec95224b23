namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>The answer of a limiter: go now, or wait this long and ask again. A value, so tests compare it.</summary>
internal readonly record struct RateLimitDecision(TimeSpan Wait)
{
    public static RateLimitDecision Proceed { get; } = new(TimeSpan.Zero);

    public bool CanProceed => Wait <= TimeSpan.Zero;

    public static RateLimitDecision WaitFor(TimeSpan wait) => new(wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait);
}
