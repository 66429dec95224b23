using System.Diagnostics;
using FactorioIsr.Tailing;

namespace FactorioIsr.Tests.Tailing;

/// <summary>The tailers' wait: a wake-up or a timeout, and which of the two ended it.</summary>
public sealed class AsyncSignalTests
{
    [Fact]
    public async Task WaitAsync_Timeout_ReturnsFalseAfterTheTimeout()
    {
        var signal = new AsyncSignal();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            watch.Restart();
            Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(250), TimeProvider.System, TestContext.Current.CancellationToken));
            Assert.InRange(watch.ElapsedMilliseconds, 245, 1500);
        }
    }

    [Fact]
    public async Task WaitAsync_SetDuringOrBefore_ReturnsTrueAtOnce()
    {
        var signal = new AsyncSignal();
        var wait = signal.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken);
        signal.Set();
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        signal.Set();
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken));

        // A timeout already scheduled for an earlier wait does not end a later one early.
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var signal = new AsyncSignal();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signal.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System, cts.Token));
    }

    [Fact]
    public async Task WaitAsync_ManyWaiters_EachTimesOutOnce()
    {
        var signals = Enumerable.Range(0, 2000).Select(_ => new AsyncSignal()).ToArray();
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(signals.Select((s, i) => s.WaitAsync(TimeSpan.FromMilliseconds(20 + (i % 100)), TimeProvider.System, TestContext.Current.CancellationToken)));
        Assert.All(results, Assert.False);
        Assert.InRange(watch.ElapsedMilliseconds, 115, 2000);
    }
}
