using FactorioIsr.Monitoring;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>The alert decisions on their own: hysteresis, consecutive samples, cooldown, warm-up, pause.</summary>
public sealed class UpsAlertPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static UpsSample Sample(double ema, double target = 60) => new(ema, ema, ema, target, Paused: false);

    private static UpsSample Paused { get; } = new(0, null, null, 60, Paused: true);

    private static List<UpsAlertDecision> Feed(UpsAlertPolicy policy, IEnumerable<UpsSample> samples, int firstReading = 2, int everySeconds = 10)
    {
        var decisions = new List<UpsAlertDecision>();
        var i = 0;
        foreach (var sample in samples)
        {
            if (policy.Evaluate(sample, firstReading + i, T0.AddSeconds(i * everySeconds)) is { } decision)
            {
                decisions.Add(decision);
            }

            i++;
        }

        return decisions;
    }

    [Fact]
    public void NLowSamples_GiveExactlyOneAlert_ThenOneRecoveryWithTheDuration()
    {
        var policy = new UpsAlertPolicy(55, 58, samplesRequired: 3, TimeSpan.FromMinutes(5), warmupReadings: 1);
        var samples = Enumerable.Repeat(Sample(40), 2).ToList();
        Assert.Empty(Feed(policy, samples)); // two of three

        var decisions = Feed(policy, [.. Enumerable.Repeat(Sample(40), 10), Sample(56), Sample(57), Sample(58), Sample(59), Sample(40)], firstReading: 4);
        Assert.Equal(2, decisions.Count);
        Assert.False(decisions[0].Recovered);
        Assert.Equal(3, decisions[0].Consecutive);
        Assert.True(decisions[1].Recovered);
        Assert.True(policy.State is { Active: false });
        Assert.Equal(TimeSpan.FromSeconds(120), decisions[1].LowFor); // first low sample (0 s) to the recovering one (120 s)
    }

    [Fact]
    public void BetweenTheThresholds_NeitherRecoversNorResetsTheCount()
    {
        var policy = new UpsAlertPolicy(55, 58, samplesRequired: 3, TimeSpan.Zero, warmupReadings: 0);
        var decisions = Feed(policy, [Sample(50), Sample(50), Sample(56), Sample(50)]);
        Assert.False(Assert.Single(decisions).Recovered); // the band kept the count at two

        Assert.Empty(Feed(policy, [Sample(57), Sample(57.9)])); // still active: 57.9 < 58
        Assert.True(policy.State.Active);
    }

    [Fact]
    public void Cooldown_HoldsTheNextAlert_UntilItExpires()
    {
        var policy = new UpsAlertPolicy(55, 58, samplesRequired: 1, TimeSpan.FromSeconds(300), warmupReadings: 0);
        Assert.NotNull(policy.Evaluate(Sample(40), 5, T0));
        Assert.NotNull(policy.Evaluate(Sample(60), 6, T0.AddSeconds(10))); // recovered
        Assert.Null(policy.Evaluate(Sample(40), 7, T0.AddSeconds(20))); // low again, inside the cooldown
        Assert.Null(policy.Evaluate(Sample(40), 8, T0.AddSeconds(299)));
        var late = policy.Evaluate(Sample(40), 9, T0.AddSeconds(300));
        Assert.NotNull(late);
        Assert.False(late.Recovered);
    }

    [Fact]
    public void Paused_AndWarmup_NeverAlert()
    {
        var policy = new UpsAlertPolicy(55, 58, samplesRequired: 1, TimeSpan.Zero, warmupReadings: 2);
        Assert.Null(policy.Evaluate(Sample(10), 1, T0));
        Assert.Null(policy.Evaluate(Sample(10), 2, T0)); // warm-up
        Assert.Empty(Feed(policy, Enumerable.Repeat(Paused, 20), firstReading: 3));
        Assert.False(policy.State.Active);
    }

    [Fact]
    public void DecidesOnTheEma_ScaledToGameSpeed()
    {
        var policy = new UpsAlertPolicy(55, 58, samplesRequired: 1, TimeSpan.Zero, warmupReadings: 0);
        Assert.Null(policy.Evaluate(new UpsSample(Raw: 10, Sma: 10, Ema: 59, Target: 60, Paused: false), 1, T0)); // raw low, EMA fine
        var atSpeed2 = new UpsAlertPolicy(55, 58, samplesRequired: 1, TimeSpan.Zero, warmupReadings: 0);
        Assert.Null(atSpeed2.Evaluate(Sample(118, target: 120), 1, T0)); // 59 of 60 at speed 1
        Assert.NotNull(atSpeed2.Evaluate(Sample(100, target: 120), 2, T0)); // 50 of 60: low, although above 55
    }

    [Fact]
    public void RestoredActiveAlert_IsNotRepeated_AndStillRecovers()
    {
        var policy = new UpsAlertPolicy(55, 58, samplesRequired: 1, TimeSpan.Zero, warmupReadings: 0);
        policy.Restore(new UpsAlertState(true, T0, T0));
        Assert.Empty(Feed(policy, Enumerable.Repeat(Sample(30), 5)));
        var recovery = policy.Evaluate(Sample(60), 10, T0.AddMinutes(10));
        Assert.NotNull(recovery);
        Assert.True(recovery.Recovered);
        Assert.Equal(TimeSpan.FromMinutes(10), recovery.LowFor);
    }
}
