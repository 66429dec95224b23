using FactorioIsr.Monitoring;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>
/// The monitors against the simulator on a fake clock, driven with <c>/sim</c>: UPS alerts (exactly one, cooldown, one
/// recovery, none while paused, none repeated after a restart of isr), stats that match the simulator, RCON notices.
/// </summary>
public sealed class ServerMonitorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LowUps_ForNSamples_GivesExactlyOneAlert_ThenExactlyOneRecovery()
    {
        await using var h = await MonitorHarness.StartAsync();
        await h.CommandAsync("/sim ups 30");
        await h.SampleAsync(1); // baseline
        await h.SampleAsync(1); // warm-up reading
        await h.SampleAsync(2);
        Assert.Empty(h.OfType("alert")); // two low readings of three

        await h.SampleAsync(1);
        var alert = Assert.Single(h.OfType("alert"));
        Assert.Equal("low", alert.Fields["status"]);
        Assert.Equal("30.0/60.0", alert.Fields["ups"]);
        Assert.Equal("alerts", alert.Route);

        await h.SampleAsync(10); // still low: no second alert
        Assert.Single(h.OfType("alert"));

        await h.CommandAsync("/sim ups 60");
        await h.SampleAsync(30);
        var alerts = h.OfType("alert");
        Assert.Equal(2, alerts.Count);
        Assert.Equal("recovered", alerts[1].Fields["status"]);
        Assert.Contains("recovered", alerts[1].Text, StringComparison.Ordinal);
        Assert.Contains(" min", alerts[1].Fields["duration"], StringComparison.Ordinal); // low from the first low sample: minutes
        Assert.False(h.Monitor.AlertState.Active);
    }

    [Fact]
    public async Task Cooldown_IsRespected_BetweenTwoLowPeriods()
    {
        await using var h = await MonitorHarness.StartAsync(MonitorHarness.FastSettings with { AlertCooldown = 600 });
        await h.CommandAsync("/sim ups 30");
        await h.SampleAsync(5);
        Assert.Single(h.OfType("alert"));
        var firstAt = h.Time.GetUtcNow();

        await h.CommandAsync("/sim ups 60");
        await h.SampleAsync(20); // recovers
        await h.CommandAsync("/sim ups 20");
        while (h.OfType("alert").Count < 3)
        {
            await h.SampleAsync(1);
            Assert.True(h.Time.GetUtcNow() - firstAt <= TimeSpan.FromSeconds(700), "the second alert never came");
        }

        var second = h.OfType("alert")[2];
        Assert.Equal("low", second.Fields["status"]);
        Assert.True(second.Timestamp - firstAt >= TimeSpan.FromSeconds(600), $"second alert after {second.Timestamp - firstAt}");
    }

    [Fact]
    public async Task Paused_GivesNoAlert()
    {
        await using var h = await MonitorHarness.StartAsync();
        await h.CommandAsync("/sim ups 30");
        await h.CommandAsync("/sim pause");
        await h.SampleAsync(20);
        Assert.Empty(h.OfType("alert"));
        Assert.True(h.Monitor.Sampler.Last?.Paused);
    }

    [Fact]
    public async Task RestartOfIsr_WithAnActiveAlert_DoesNotRepeatIt_AndStillRecovers()
    {
        await using var h = await MonitorHarness.StartAsync();
        await h.CommandAsync("/sim ups 30");
        await h.SampleAsync(6);
        Assert.Single(h.OfType("alert"));

        await h.NewMonitorAsync(); // isr restarts: the alert state comes from the store
        Assert.True(h.Monitor.AlertState.Active);
        await h.SampleAsync(10);
        Assert.Single(h.OfType("alert"));

        await h.CommandAsync("/sim ups 60");
        await h.SampleAsync(30);
        Assert.Equal(["low", "recovered"], h.OfType("alert").Select(a => a.Fields["status"]));
    }

    [Fact]
    public async Task OnDemandReads_DoNotDisturbTheIntervalSampling()
    {
        await using var h = await MonitorHarness.StartAsync();
        await h.CommandAsync("/sim ups 40");
        await h.SampleAsync(3);
        var before = h.Monitor.Sampler.Last;
        for (var i = 0; i < 5; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Same(before, h.Monitor.Sampler.Last); // what /factorio status reads: no sample taken
        }

        await h.Monitor.SampleAsync(Ct); // 5 s after the last sample: under the minimum interval, ignored
        Assert.Same(before, h.Monitor.Sampler.Last);
        await h.SampleAsync(1);
        Assert.Equal(40, h.Monitor.Sampler.Last!.Raw, 1);
    }

    [Fact]
    public async Task GameSpeed_SetsTheTarget()
    {
        await using var h = await MonitorHarness.StartAsync();
        await h.CommandAsync("/sim speed 2");
        await h.SampleAsync(3);
        var last = h.Monitor.Sampler.Last!;
        Assert.Equal(120, last.Target, 1);
        Assert.Equal(120, last.Raw, 1);
        Assert.Empty(h.OfType("alert"));
    }

    [Fact]
    public async Task AchievementSafe_UsesTheTimeBasedEstimate()
    {
        await using var h = await MonitorHarness.StartAsync(MonitorHarness.FastSettings with { AlertCheckInterval = 60 }, achievementSafe: true);
        await h.CommandAsync("/sim ups 30");
        await h.SampleAsync(3);
        Assert.Equal(TimeSpan.FromSeconds(60), h.Monitor.Sampler.Estimator.MinInterval);
        Assert.Equal(30, h.Monitor.Sampler.Last!.Raw, 0.5);
    }

    [Fact]
    public async Task Stats_MatchTheSimulator()
    {
        await using var h = await MonitorHarness.StartAsync(players: 3);
        await h.CommandAsync("/sim ups 50");
        await h.SampleAsync(3);
        await h.Monitor.CollectStatsAsync(Ct);

        var stats = Assert.Single(h.OfType("stats"));
        Assert.Equal("status", stats.Route);

        // The simulator's own answers at the same (frozen) moment.
        await using var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = h.Sim.Servers[0].RconPort, Password = MonitorHarness.Password });
        using var rcon = new FactorioRcon(client);
        var players = await rcon.GetOnlinePlayersAsync(Ct);
        var evolution = await rcon.GetEvolutionAsync(Ct);
        var age = await rcon.GetMapAgeAsync(Ct);
        Assert.Equal(3, players.Count);
        Assert.Equal("3", stats.Fields["players_online"]);
        Assert.Equal(string.Join(", ", players.Select(p => p.Name)), stats.Fields["players"]);
        Assert.Equal(["nauvis", "gleba"], evolution.Keys.Order(StringComparer.Ordinal).Reverse());
        foreach (var (surface, factor) in evolution)
        {
            Assert.Equal(MonitorEvents.Percent(factor), stats.Fields["evolution_" + surface]);
        }

        Assert.Equal(MapAge.Format(age), stats.Fields["map_time"]);
        Assert.Equal("50.0", stats.Fields["ups"]);
        Assert.True(stats.Fields.ContainsKey("ups_sma") && stats.Fields.ContainsKey("ups_ema"));
        Assert.Matches(@"^\d+/\d+$", stats.Fields["researched"]);
        Assert.Contains("👥 Players Online: 3", stats.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RconDown_OneLost_ThenOneRestoredWithTheDowntime_AndOneUnreachableStatsNotice()
    {
        await using var h = await MonitorHarness.StartAsync();
        await h.Monitor.Client.ConnectAsync(Ct);
        await h.Monitor.CheckRconAsync(Ct);
        await h.CommandAsync("/sim rcon-down 60");
        await WaitAsync(() => !h.Monitor.Client.IsConnected);

        var start = h.Time.GetUtcNow();
        for (var i = 0; i < 11; i++)
        {
            await h.Monitor.CheckRconAsync(Ct);
            await h.Monitor.CollectStatsAsync(Ct); // fails: one notice, not one per round
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        var lost = Assert.Single(h.OfType("rcon"));
        Assert.Equal("lost", lost.Fields["status"]);
        var unreachable = Assert.Single(h.OfType("stats"));
        Assert.Equal("unreachable", unreachable.Fields["status"]);

        // 55 s down; at 60 s the simulator listens again.
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await WaitAsync(async () =>
        {
            try
            {
                await h.Monitor.Client.ConnectAsync(Ct);
            }
            catch (RconException)
            {
            }

            return h.Monitor.Client.IsConnected;
        });
        await h.Monitor.CheckRconAsync(Ct);
        var notices = h.OfType("rcon");
        Assert.Equal(2, notices.Count);
        Assert.Equal("restored", notices[1].Fields["status"]);
        Assert.Equal(MonitorEvents.Duration(h.Time.GetUtcNow() - start), notices[1].Fields["downtime"]);
        Assert.Equal("1 min", notices[1].Fields["downtime"]);

        await h.Monitor.CollectStatsAsync(Ct);
        Assert.Equal(2, h.OfType("stats").Count);
        Assert.False(h.OfType("stats")[1].Fields.ContainsKey("status"));
    }

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var until = Environment.TickCount64 + 20_000;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < until, "condition not met in 20 s");
            await Task.Delay(20, Ct);
        }
    }
}
