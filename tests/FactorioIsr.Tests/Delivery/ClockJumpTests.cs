using FactorioIsr.Delivery;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Delivery;

/// <summary>G22: the wall clock jumps by an hour back and forth during retries and commits; nothing changes.</summary>
public sealed class ClockJumpTests
{
    [Fact]
    public async Task Run_WallClockJumpingDuringRetries_DeliversEverythingInOrderOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, string.Concat(Enumerable.Range(0, 200).Select(i => $"c-{i:D4}\n")));
        var attempts = 0;
        var sink = new ScriptedOutput("scripted", _ => Interlocked.Increment(ref attempts) <= 5 ? DeliveryOutcome.Transient("503") : DeliveryOutcome.Delivered);
        var clock = new JumpingClock();
        await using var h = new PipelineHarness(dir, "console.log") { ExtraOutputs = () => [sink], Time = clock };
        h.Options = h.Options with { Dispatch = new DispatcherOptions { Backoff = new RetryBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)) } };
        h.Start();
        await h.WaitForRecordsAsync(100);
        await h.RestartAsync();
        TailerHarness.Append(path, string.Concat(Enumerable.Range(200, 50).Select(i => $"c-{i:D4}\n")));
        await h.WaitForRecordsAsync(250);
        var until = Environment.TickCount64 + 30_000;
        while (sink.Accepted.Count < 250 && Environment.TickCount64 < until)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await TailerHarness.SettleAsync(500);
        string[] expected = [.. Enumerable.Range(0, 250).Select(i => $"c-{i:D4}")];
        Assert.Equal(expected, h.Raws());
        Assert.Equal(expected, sink.Accepted);
        Assert.True(clock.Jumps > 10);
    }

    /// <summary>Wall clock alternating between one hour ahead and one hour behind; the monotonic clock is untouched.</summary>
    private sealed class JumpingClock : TimeProvider
    {
        private int _calls;

        public int Jumps => Volatile.Read(ref _calls);

        public override DateTimeOffset GetUtcNow() =>
            System.GetUtcNow() + TimeSpan.FromHours(Interlocked.Increment(ref _calls) % 2 == 0 ? 1 : -1);
    }
}
