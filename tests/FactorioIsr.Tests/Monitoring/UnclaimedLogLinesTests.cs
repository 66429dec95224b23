using FactorioIsr.Monitoring;
using FactorioIsr.Tests.Http;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>Error and Warning lines of factorio-current.log that no pattern claims: counted per server and level in /metrics, not posted.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class UnclaimedLogLinesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("   1.234 Error Util.cpp:83: Unknown key", "error")]
    [InlineData("1.234 Warning FileUtil.cpp:12: x", "warning")]
    [InlineData("Error ServerMultiplayerManager.cpp:95: MultiplayerManager failed", "error")]
    [InlineData("   1.234 Info AppManager.cpp:1: Saving", null)]
    [InlineData("   1.234 Errors are fine", null)]
    [InlineData("2026-12-01 12:00:00 [CHAT] bob: Error here", null)]
    [InlineData("", null)]
    public void Level_OfALine(string line, string? level) => Assert.Equal(level, UnclaimedLogLines.Level(System.Text.Encoding.UTF8.GetBytes(line)));

    [Fact]
    public async Task Metrics_CountUnclaimedErrorsAndWarnings_PerServerAndLevel_AndPassPromtool()
    {
        var tag = "uc" + Guid.NewGuid().ToString("N")[..8]; // unique: the counter is process-wide
        var current = _dir.Write("factorio-current.log", """
               0.000 2026-12-01 12:00:00; Factorio 2.0.77 (build 83000, linux64, headless)
               1.100 Error Util.cpp:83: Unknown key: "item-name.foo"
               1.200 Warning FileUtil.cpp:12: could not read a file
               1.300 Warning PrototypeLoader.cpp:9: another one
               2.000 Error MainLoop.cpp:1438: Exception at tick 99: boom
               3.000 Info AppManagerStates.cpp:2022: Saving finished

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        var yaml = $$"""
            servers:
              {{tag}}:
                current_log_path: "{{current}}"
                start_at: beginning
                event_channel_id: 10
            """;
        await using var relay = await RelayUnderTest.StartAsync(_dir, yaml);
        await relay.WaitForAsync("/metrics", (_, b) => b.Contains($"isr_unclaimed_log_lines_total{{level=\"warning\",server=\"{tag}\"}} 2", StringComparison.Ordinal));

        var (_, body, _) = await relay.GetAsync("/metrics");

        var counted = string.Join("\n", body.Split('\n').Where(l => l.StartsWith("isr_unclaimed_log_lines_total", StringComparison.Ordinal)));
        Assert.True(counted.Contains($"isr_unclaimed_log_lines_total{{level=\"error\",server=\"{tag}\"}} 1", StringComparison.Ordinal), counted); // the exception is a crash event
        var (code, output) = await HttpEndpointsTests.PromtoolAsync(body);
        Assert.True(code == 0, $"promtool check metrics (exit {code}):\n{output}");
    }
}
