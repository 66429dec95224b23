using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Tests.Simulator;

namespace FactorioIsr.Tests.Rcon;

public sealed class FactorioRconTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetTickAsync_SaveWithAchievements_ProbeAbsorbsTheSwallowedFirstLuaCommand()
    {
        await using var sim = await TestSimulator.StartAsync(achievements: true);
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client);

        var tick = await factorio.GetTickAsync(Ct);

        Assert.True(tick > 0);
        Assert.Equal(new FactorioVersion(2, 0, 77), factorio.Version);
        Assert.Contains(sim.ReadLines("console.log"), l => l.Contains("[WARNING] Using Lua console commands will disable achievements", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_LuaAnsweredWithAchievementWarning_IsRepeatedOnce()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client);
        await factorio.GetCommandsAsync(Ct);

        // The handshake is done; now the save refuses the next Lua command (as after a reconnect race).
        await client.ExecuteAsync("/sim achievements", Ct);
        var tick = await factorio.GetTickAsync(Ct);

        Assert.True(tick > 0);
        Assert.Single(sim.ReadLines("console.log"), l => l.Contains("[WARNING]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatsRound_V2_TickPlayersEvolutionPerSurface()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 2);
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client);

        var tick = await factorio.GetTickAsync(Ct);
        var players = await factorio.GetOnlinePlayersAsync(Ct);
        var evolution = await factorio.GetEvolutionAsync(Ct);

        Assert.True(tick > 0);
        Assert.Equal(2, players.Count);
        Assert.All(players, p => Assert.True(p.IsOnline));
        Assert.Equal(["gleba", "nauvis"], evolution.Keys.Order(StringComparer.Ordinal));
        Assert.All(evolution.Values, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public async Task StatsRound_V1_EvolutionIsForceWide()
    {
        await using var sim = await TestSimulator.StartAsync(version: "1.1.110");
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client);

        var evolution = await factorio.GetEvolutionAsync(Ct);

        Assert.Equal(["nauvis"], evolution.Keys);
        Assert.False(factorio.Version!.Value.IsV2);
    }

    [Fact]
    public async Task AchievementSafe_RefusesLuaBeforeSending_ButTimeAndPlayersWork()
    {
        await using var sim = await TestSimulator.StartAsync(achievements: true);
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client, achievementSafe: true);

        var error = await Assert.ThrowsAsync<RconFeatureDisabledException>(() => factorio.GetTickAsync(Ct));
        var age = await factorio.GetMapAgeAsync(Ct);
        var players = await factorio.GetOnlinePlayersAsync(Ct);

        Assert.Contains("achievement_safe", error.Reason, StringComparison.Ordinal);
        Assert.True(age > TimeSpan.Zero);
        Assert.Equal(2, players.Count);
        Assert.DoesNotContain(sim.ReadLines("console.log"), l => l.Contains("[WARNING]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SampleUpsAsync_TickSamples_MeasureTheSimulatedRate_AndPauseIsPaused()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 1);
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client);
        await client.ExecuteAsync("/sim ups 600", Ct);
        var estimator = new UpsEstimator(TimeSpan.FromMilliseconds(300));

        Assert.Null(await factorio.SampleUpsAsync(estimator, TimeProvider.System, Ct));
        await Task.Delay(600, Ct);
        var running = await factorio.SampleUpsAsync(estimator, TimeProvider.System, Ct);
        await client.ExecuteAsync("/sim pause", Ct);

        // The first sample after pausing still spans running time; it only moves the baseline into the pause.
        await Task.Delay(400, Ct);
        await factorio.SampleUpsAsync(estimator, TimeProvider.System, Ct);
        await Task.Delay(600, Ct);
        var paused = await factorio.SampleUpsAsync(estimator, TimeProvider.System, Ct);

        Assert.InRange(running!.Value.Ups, 100, 3000); // 600 expected; wide because RCON round trips on a loaded machine skew the wall stamps
        Assert.True(paused!.Value.IsPaused);
        Assert.Equal(UpsEstimator.ForTicks().MinInterval, factorio.CreateUpsEstimator().MinInterval);
    }

    [Fact]
    public async Task GetCommandsAsync_ReadsVersionOncePerConnection()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        using var factorio = new FactorioRcon(client);

        var first = await factorio.GetCommandsAsync(Ct);
        var again = await factorio.GetCommandsAsync(Ct);
        await client.ResetAsync(Ct);
        var afterReconnect = await factorio.GetCommandsAsync(Ct);

        Assert.Same(first, again);
        Assert.NotSame(first, afterReconnect);
        Assert.Equal(2, client.State.Connections);
    }
}
