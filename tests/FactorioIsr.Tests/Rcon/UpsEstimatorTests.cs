using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Rcon;

public sealed class UpsEstimatorTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Observe_TicksOverInterval_AveragesUps()
    {
        var estimator = UpsEstimator.ForTicks();

        Assert.Null(estimator.Observe(1000, S(0)));
        var reading = estimator.Observe(1000 + (60 * 30), S(30));

        Assert.Equal(60, reading!.Value.Ups, 6);
        Assert.False(reading.Value.IsPaused);
    }

    [Fact]
    public void Observe_TooSoon_IsIgnoredAndDoesNotMoveBaseline()
    {
        var estimator = UpsEstimator.ForTicks();
        estimator.Observe(0, S(0));

        Assert.Null(estimator.Observe(60, S(1)));
        var reading = estimator.Observe(1200, S(20));

        Assert.Equal(60, reading!.Value.Ups, 6);
        Assert.Equal(S(20), reading.Value.Interval);
    }

    [Fact]
    public void Observe_NoProgress_IsPaused_ButSlowProgressIsSlowUps()
    {
        var estimator = UpsEstimator.ForTicks();
        estimator.Observe(5000, S(0));

        var paused = estimator.Observe(5000, S(10));
        var slow = estimator.Observe(5030, S(20));

        Assert.True(paused!.Value.IsPaused);
        Assert.False(slow!.Value.IsPaused);
        Assert.Equal(3, slow.Value.Ups, 6);
    }

    [Fact]
    public void Observe_TickGoesBackwards_RestartsEstimate()
    {
        var estimator = UpsEstimator.ForTicks();
        estimator.Observe(100_000, S(0));

        Assert.Null(estimator.Observe(50, S(15)));
        Assert.Equal(60, estimator.Observe(50 + 600, S(25))!.Value.Ups, 6);
    }

    [Fact]
    public void ObserveMapAge_AchievementSafe_NeedsSixtySeconds_AndConvertsGameSeconds()
    {
        var estimator = UpsEstimator.ForMapAge();
        Assert.True(MapAge.TryParse("1 day, 11 hours, 1 minute and 26 seconds", out var first));
        estimator.ObserveMapAge(first, S(0));

        Assert.Null(estimator.ObserveMapAge(first + S(30), S(30)));
        var reading = estimator.ObserveMapAge(first + S(45), S(90));

        Assert.Equal(30, reading!.Value.Ups, 6);
    }

    [Fact]
    public void Observe_SpeedTwo_ReportsAboveSixty()
    {
        var estimator = UpsEstimator.ForTicks();
        estimator.Observe(0, S(0));

        Assert.Equal(120, estimator.Observe(1200, S(10))!.Value.Ups, 6);
    }
}
