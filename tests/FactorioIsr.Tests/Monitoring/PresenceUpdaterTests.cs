using FactorioIsr.Discord.Gateway;
using FactorioIsr.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>The presence "Watching N/M servers online": set only when the text changes, once the change has held.</summary>
public sealed class PresenceUpdaterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test double of the gateway seam: records what it is asked to set.</summary>
    private sealed class RecordingPresence : IGatewayPresence
    {
        public List<GatewayPresence> Set { get; } = [];

        public ValueTask SetPresenceAsync(GatewayPresence presence, CancellationToken cancellationToken)
        {
            Set.Add(presence);
            return ValueTask.CompletedTask;
        }
    }

    private static (PresenceUpdater Updater, RecordingPresence Gateway, FakeTimeProvider Time) Create()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var gateway = new RecordingPresence();
        return (new PresenceUpdater(gateway, time, NullLogger.Instance, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)), gateway, time);
    }

    [Fact]
    public async Task Text_ChangesOnlyWhenTheNumbersDo_AfterTheDebounce()
    {
        var (updater, gateway, time) = Create();

        Assert.True(await updater.UpdateAsync(3, 4, 5, Ct)); // the first goes out at once
        Assert.Equal(new GatewayPresence("idle", "3/4 servers online", 3), Assert.Single(gateway.Set));

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await updater.UpdateAsync(3, 4, 5, Ct);
        }

        Assert.Single(gateway.Set); // unchanged numbers: never sent again

        await updater.UpdateAsync(4, 4, 5, Ct);
        time.Advance(TimeSpan.FromSeconds(5));
        await updater.UpdateAsync(4, 4, 5, Ct);
        Assert.Single(gateway.Set); // held 5 s of 10
        time.Advance(TimeSpan.FromSeconds(5));
        await updater.UpdateAsync(4, 4, 5, Ct);
        Assert.Equal(new GatewayPresence("online", "4/4 servers online", 3), gateway.Set[^1]);
        Assert.Equal(2, gateway.Set.Count);
    }

    [Fact]
    public async Task Flapping_DoesNotFlapThePresence()
    {
        var (updater, gateway, time) = Create();
        await updater.UpdateAsync(2, 2, 2, Ct);
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await updater.UpdateAsync(i % 2 == 0 ? 1 : 2, 2, 2, Ct);
        }

        Assert.Equal("2/2 servers online", Assert.Single(gateway.Set).ActivityName);
    }

    [Fact]
    public void Text_WithoutRcon_CountsServers()
    {
        Assert.Equal(new GatewayPresence("online", "1 server"), PresenceText.For(0, 0, 1));
        Assert.Equal(new GatewayPresence("online", "3 servers"), PresenceText.For(0, 0, 3));
        Assert.Equal(new GatewayPresence("idle", "0/2 servers online"), PresenceText.For(0, 2, 2));
    }

    [Fact]
    public async Task Simulator_RconDown_TurnsThePresenceTo0Of1_OnceItHeld()
    {
        await using var h = await MonitorHarness.StartAsync();
        var gateway = new RecordingPresence();
        var updater = new PresenceUpdater(gateway, h.Time, NullLogger.Instance, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
        await h.SampleAsync(1); // connects
        await updater.UpdateAsync(h.Monitor.Client.IsConnected ? 1 : 0, 1, 1, Ct);
        Assert.Equal("1/1 servers online", Assert.Single(gateway.Set).ActivityName);

        await h.CommandAsync("/sim rcon-down 600");
        for (var i = 0; i < 200 && h.Monitor.Client.IsConnected; i++)
        {
            await Task.Delay(25, Ct);
        }

        for (var i = 0; i < 5; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(5));
            await updater.UpdateAsync(h.Monitor.Client.IsConnected ? 1 : 0, 1, 1, Ct);
        }

        Assert.Equal(2, gateway.Set.Count);
        Assert.Equal(new GatewayPresence("idle", "0/1 servers online"), gateway.Set[^1]);
    }
}
