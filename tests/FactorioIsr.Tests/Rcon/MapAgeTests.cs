using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Rcon;

public sealed class MapAgeTests
{
    [Theory]
    [InlineData("1 day, 11 hours, 1 minute and 26 seconds", 1, 11, 1, 26)]
    [InlineData("7 seconds", 0, 0, 0, 7)]
    [InlineData("1 second", 0, 0, 0, 1)]
    [InlineData("2 days and 1 hour", 2, 1, 0, 0)]
    [InlineData("1h 23m 45s", 0, 1, 23, 45)]
    public void TryParse_FactorioAndShortForms(string reply, int days, int hours, int minutes, int seconds)
    {
        Assert.True(MapAge.TryParse(reply, out var age));
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds), age);
    }

    [Fact]
    public void TryParse_Garbage_IsFalse()
    {
        Assert.False(MapAge.TryParse("Unknown command \"time\".", out _));
    }

    [Theory]
    [InlineData(7, "7 seconds")]
    [InlineData(61, "1 minute and 1 second")]
    [InlineData(126086, "1 day, 11 hours, 1 minute and 26 seconds")]
    [InlineData(0, "0 seconds")]
    public void Format_RoundTrips(int seconds, string expected)
    {
        Assert.Equal(expected, MapAge.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(MapAge.TryParse(expected, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }
}
