using FactorioIsr.Delivery;

namespace FactorioIsr.Tests.Delivery;

public sealed class RetryBackoffTests
{
    /// <summary>A random source that always returns the same fraction: the jitter is pinned.</summary>
    private sealed class Fixed(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Theory]
    [InlineData(0, 0.0, 250)]
    [InlineData(0, 1.0, 500)]
    [InlineData(1, 0.0, 500)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(20, 1.0, 60_000)]
    [InlineData(-1, 1.0, 500)]
    public void Delay_ExponentialCappedHalfJittered(int attempt, double fraction, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryBackoff.Delivery.Delay(attempt, new Fixed(fraction)));
    }

    [Fact]
    public void Delay_NeverShorterThanRetryAfter()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryBackoff.Delivery.Delay(0, new Fixed(1), TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryBackoff.Delivery.Delay(0, new Fixed(1), TimeSpan.FromMilliseconds(1)));
    }
}
