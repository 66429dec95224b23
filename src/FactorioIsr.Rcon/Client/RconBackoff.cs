namespace FactorioIsr.Rcon.Client;

/// <summary>
/// Reconnect delays as a value: exponential growth from <see cref="Initial"/> by <see cref="Multiplier"/>, capped at
/// <see cref="Max"/>, each delay spread by +/- <see cref="Jitter"/> (a fraction) so a thousand clients that lost the
/// same network do not reconnect in lockstep. Enumerate <see cref="GetDelays"/> to see exactly what a client will wait.
/// </summary>
public sealed record RconBackoff
{
    /// <summary>The default policy: 1 s, 2 s, 4 s ... capped at 60 s, +/- 20 %.</summary>
    public static RconBackoff Default { get; } = new();

    /// <summary>First delay. <value>The default value is 1 second.</value></summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay (before jitter). Also the wait after a wrong password. <value>The default value is 60 seconds.</value></summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Growth factor per failed attempt. <value>The default value is 2.</value></summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>Random spread as a fraction of the delay, 0..1. <value>The default value is 0.2.</value></summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>The endless sequence of delays after consecutive failures, using <paramref name="random"/> for jitter.</summary>
    public IEnumerable<TimeSpan> GetDelays(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Initial <= TimeSpan.Zero || Max < Initial || Multiplier < 1 || Jitter is < 0 or > 1)
        {
            throw new ArgumentException($"invalid backoff: initial {Initial}, max {Max}, multiplier {Multiplier}, jitter {Jitter}");
        }

        return Enumerate(random);
    }

    private IEnumerable<TimeSpan> Enumerate(Random random)
    {
        var baseTicks = (double)Initial.Ticks;
        while (true)
        {
            var capped = Math.Min(baseTicks, Max.Ticks);
            var spread = Jitter == 0 ? 0 : ((random.NextDouble() * 2) - 1) * Jitter;
            yield return TimeSpan.FromTicks((long)(capped * (1 + spread)));
            baseTicks = Math.Min(baseTicks * Multiplier, Max.Ticks);
        }
    }
}
