using FactorioIsr.Monitoring.Chart;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>The per-server chart cache the status board and <c>/factorio status</c> share: reuse within the age, single flight, no stale failure.</summary>
public sealed class StatusChartCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task KeptChart_IsReusedWithinItsAge_AndRenderedAgainAfter()
    {
        var cache = new StatusChartCache();
        var renders = 0;
        byte[] Render() => [(byte)++renders];

        var first = await cache.GetAsync(Now, TimeSpan.FromMinutes(5), Render);
        var reused = await cache.GetAsync(Now.AddMinutes(5), TimeSpan.FromMinutes(5), Render);
        var renewed = await cache.GetAsync(Now.AddMinutes(5).AddSeconds(1), TimeSpan.FromMinutes(5), Render);

        Assert.Same(first, reused);
        Assert.Equal(Now, first.At);
        Assert.Equal([2], renewed.Png);
        Assert.Equal(Now.AddMinutes(5).AddSeconds(1), renewed.At);
        Assert.Equal(2, cache.Renders);
        Assert.Same(renewed, cache.Last);
    }

    [Fact]
    public async Task NoMaxAge_AlwaysRenders_AndAClockThatWentBack_IsNotAFreshChart()
    {
        var cache = new StatusChartCache();
        await cache.GetAsync(Now, null, () => [1]);
        await cache.GetAsync(Now, null, () => [2]);
        var earlier = await cache.GetAsync(Now.AddMinutes(-1), TimeSpan.FromMinutes(5), () => [3]);

        Assert.Equal(3, cache.Renders);
        Assert.Equal([3], earlier.Png);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneRender()
    {
        var cache = new StatusChartCache();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        byte[] Slow()
        {
            Interlocked.Increment(ref calls);
            release.Wait(TestContext.Current.CancellationToken);
            return [42];
        }

        var waiting = Enumerable.Range(0, 10).Select(_ => cache.GetAsync(Now, TimeSpan.FromMinutes(5), Slow)).ToList();
        waiting.Add(cache.GetAsync(Now, null, Slow)); // the board joins a render in flight too
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        release.Set();
        var charts = await Task.WhenAll(waiting);

        Assert.Equal(1, calls);
        Assert.Equal(1, cache.Renders);
        Assert.All(charts, c => Assert.Same(charts[0], c));
    }

    [Fact]
    public async Task FailedRender_IsThrownToItsCallers_AndTheNextCallRendersAgain()
    {
        var cache = new StatusChartCache();

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(Now, TimeSpan.FromMinutes(5), () => throw new InvalidOperationException("no font")));
        var chart = await cache.GetAsync(Now, TimeSpan.FromMinutes(5), () => [7]);

        Assert.Equal([7], chart.Png);
        Assert.Equal(1, cache.Renders);
    }
}
