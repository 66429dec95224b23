using System.Diagnostics;
using FactorioIsr.Simulator;

namespace FactorioIsr.Tests.Simulator;

public sealed class SimulatorHostTests
{
    [Fact]
    public async Task StartAsync_WritesServersYmlAndLogs_DisposeWritesGoodbye()
    {
        var dir = Path.Combine(Path.GetTempPath(), "isr-sim-test-" + Guid.NewGuid().ToString("N"));
        var host = await SimulatorHost.StartAsync(new SimulatorOptions { Directory = dir, RconPort = 0, Servers = 2, RconPassword = "it's" }, TestContext.Current.CancellationToken);
        var yml = await File.ReadAllTextAsync(host.ServersYmlPath, TestContext.Current.CancellationToken);
        Assert.Contains("rcon_password: 'it''s'", yml, StringComparison.Ordinal);
        Assert.Contains($"rcon_port: {host.Servers[1].RconPort}", yml, StringComparison.Ordinal);
        Assert.Contains("start_at: beginning", yml, StringComparison.Ordinal);
        Assert.DoesNotContain("event_channel_id", yml, StringComparison.Ordinal);

        var watch = Stopwatch.StartNew();
        await host.DisposeAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"dispose took {watch.Elapsed}");
        var current = await File.ReadAllLinesAsync(Path.Combine(dir, "sim1", "factorio-current.log"), TestContext.Current.CancellationToken);
        Assert.Contains(current, l => l.EndsWith("changing state from(CreatingGame) to(InGame)", StringComparison.Ordinal));
        Assert.EndsWith(" Goodbye", current[^1], StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
