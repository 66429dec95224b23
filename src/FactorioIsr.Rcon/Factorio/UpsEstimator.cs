namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Estimates UPS from game-time samples taken at known wall-clock times: UPS = game ticks elapsed / seconds elapsed,
/// averaged over the interval. Pure and single-owner: feed it from one sampler only.
/// Differences from the reference (reference-system.md §5.2, §9): a sample closer than <see cref="MinInterval"/> to
/// the baseline is ignored and does not move it (on-demand calls cannot perturb the estimate); zero progress is
/// reported as paused rather than 0 UPS, while slow progress is reported as the slow UPS it is (the reference
/// called any interval under 60 ticks "paused"); a tick going backwards (map reloaded) restarts the estimate.
/// With <c>achievement_safe</c> the samples come from <c>/time</c>, which has one-second resolution, so they must be
/// at least 60 s apart (<see cref="ForMapAge"/>): the error is then at most one 60th.
/// </summary>
public sealed class UpsEstimator
{
    private long _baselineTicks = -1;
    private TimeSpan _baselineTime;

    public UpsEstimator(TimeSpan minInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minInterval, TimeSpan.Zero);
        MinInterval = minInterval;
    }

    /// <summary>Shortest interval between two samples that produces a reading.</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>The latest reading, if any.</summary>
    public UpsReading? Last { get; private set; }

    /// <summary>For <c>game.tick</c> samples: readings every 10 s or more.</summary>
    public static UpsEstimator ForTicks() => new(TimeSpan.FromSeconds(10));

    /// <summary>For <c>/time</c> samples (achievement-safe mode): readings every 60 s or more.</summary>
    public static UpsEstimator ForMapAge() => new(TimeSpan.FromSeconds(60));

    /// <summary>Adds a <c>game.tick</c> sample taken at <paramref name="wallClock"/> (any monotonic clock).</summary>
    public UpsReading? Observe(long gameTick, TimeSpan wallClock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gameTick);
        if (_baselineTicks < 0 || gameTick < _baselineTicks || wallClock < _baselineTime)
        {
            _baselineTicks = gameTick;
            _baselineTime = wallClock;
            return null;
        }

        var elapsed = wallClock - _baselineTime;
        if (elapsed < MinInterval)
        {
            return null;
        }

        var delta = gameTick - _baselineTicks;
        _baselineTicks = gameTick;
        _baselineTime = wallClock;
        var reading = new UpsReading(delta / elapsed.TotalSeconds, IsPaused: delta == 0, elapsed, delta);
        Last = reading;
        return reading;
    }

    /// <summary>Adds a <c>/time</c> sample (map age in game time; 60 ticks per game second).</summary>
    public UpsReading? ObserveMapAge(TimeSpan mapAge, TimeSpan wallClock) =>
        Observe((long)Math.Round(mapAge.TotalSeconds * 60), wallClock);
}
