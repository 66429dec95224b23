using FactorioIsr.Rcon.Client;

namespace FactorioIsr.Tests.Rcon;

public sealed class RconBackoffTests
{
    [Fact]
    public void GetDelays_NoJitter_DoublesUpToMax()
    {
        var policy = new RconBackoff { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(60), Jitter = 0 };

        var delays = policy.GetDelays(new Random(1)).Take(9).Select(d => d.TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void GetDelays_DefaultJitter_StaysWithin20Percent_AndVaries()
    {
        var delays = RconBackoff.Default.GetDelays(new Random(42)).Take(12).ToArray();
        double[] bases = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60];

        for (var i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, bases[i] * 0.8, bases[i] * 1.2);
        }

        Assert.True(delays.Skip(6).Distinct().Count() > 1, "jitter should spread equal delays");
    }

    [Fact]
    public void GetDelays_SameSeed_SameSequence()
    {
        var a = RconBackoff.Default.GetDelays(new Random(7)).Take(10);
        var b = RconBackoff.Default.GetDelays(new Random(7)).Take(10);

        Assert.Equal(a, b);
    }

    [Fact]
    public void GetDelays_InvalidPolicy_Throws()
    {
        var policy = new RconBackoff { Initial = TimeSpan.FromSeconds(10), Max = TimeSpan.FromSeconds(1) };

        Assert.Throws<ArgumentException>(() => policy.GetDelays(new Random(1)));
    }
}
