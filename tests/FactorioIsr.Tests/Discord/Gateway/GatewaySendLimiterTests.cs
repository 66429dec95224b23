using FactorioIsr.Discord.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>Discord's 120 sends per 60 s per connection, with room kept for heartbeats.</summary>
public sealed class GatewaySendLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Acquire_OrdinarySends_StopShortOfTheLimit_UntilTheWindowMoves()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(time, 120, TimeSpan.FromSeconds(60));
        for (var i = 0; i < 120 - GatewaySendLimiter.Reserved; i++)
        {
            Assert.True(limiter.AcquireAsync(priority: false, Ct).AsTask().IsCompleted, $"send {i} waited");
        }

        var waiting = limiter.AcquireAsync(priority: false, Ct).AsTask();
        await Task.Delay(20, Ct);
        Assert.False(waiting.IsCompleted);
        // Heartbeats still have their reserved room.
        for (var i = 0; i < GatewaySendLimiter.Reserved; i++)
        {
            Assert.True(limiter.AcquireAsync(priority: true, Ct).AsTask().IsCompleted, $"heartbeat {i} waited");
        }

        var heartbeat = limiter.AcquireAsync(priority: true, Ct).AsTask();
        await Task.Delay(20, Ct);
        Assert.False(heartbeat.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(60));
        await Task.WhenAll(waiting, heartbeat).WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }
}
