using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Rcon;

/// <summary><c>isr_rcon_latency_seconds{server}</c> and <c>isr_rcon_reconnects_total{server}</c> against the simulator.</summary>
public sealed class RconMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachCommandIsALatencySample_AndOnlyConnectsAfterTheFirstAreReconnects()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var meters = new TestMeters();
        var metrics = new RconMetrics(meters.Factory);
        await using var client = sim.CreateClient(configure: o => o with { Name = "sim-a" });
        await using var measured = new RconClient(client.Options, metrics: metrics);

        for (var i = 0; i < 3; i++)
        {
            await measured.ExecuteAsync("/version", Ct);
        }

        Assert.Equal(3, meters.Count("isr_rcon_latency_seconds", ("server", "sim-a")));
        Assert.InRange(meters.Sum("isr_rcon_latency_seconds", ("server", "sim-a")), 0, 60);
        Assert.Equal(0, meters.Sum("isr_rcon_reconnects", ("server", "sim-a")));

        await measured.ResetAsync(Ct);
        await measured.ExecuteAsync("/version", Ct);
        await measured.ResetAsync(Ct);
        await measured.ExecuteAsync("/version", Ct);

        Assert.Equal(2, meters.Sum("isr_rcon_reconnects", ("server", "sim-a")));
        Assert.Equal(5, meters.Count("isr_rcon_latency_seconds", ("server", "sim-a")));
        Assert.Equal(3, measured.State.Connections);
    }

    [Fact]
    public async Task FailedCommands_AreNotLatencySamples()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var meters = new TestMeters();
        await using var client = sim.CreateClient(password: "wrong");
        await using var measured = new RconClient(client.Options, metrics: new RconMetrics(meters.Factory));

        await Assert.ThrowsAsync<RconAuthenticationException>(() => measured.ExecuteAsync("/version", Ct));

        Assert.Equal(0, meters.Count("isr_rcon_latency_seconds"));
        Assert.Equal(0, meters.Sum("isr_rcon_reconnects"));
    }
}
