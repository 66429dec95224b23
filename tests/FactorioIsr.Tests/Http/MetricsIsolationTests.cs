using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Http;

/// <summary>
/// Two relays in one process (two hosts, as two tests running at once): each /metrics carries its own relay's series
/// only, because every meter comes from its host's IMeterFactory and the exporter listens to that factory alone.
/// </summary>
[Collection(ExternalProcesses.Name)]
public sealed class MetricsIsolationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoRelaysInOneProcess_DoNotMixTheirMetrics()
    {
        await using var sim = await TestSimulator.StartAsync();
        var busyLog = _dir.Write("a/console.log",
            "2026-12-01 20:00:00 [CHAT] bob: hello\n2026-12-01 20:00:01 [JOIN] alice joined the game\n2026-12-01 20:00:02 something no pattern takes\n");
        var quietLog = _dir.Write("b/console.log", "");
        var busyDir = new TempDirectory();
        var quietDir = new TempDirectory();
        try
        {
            await using var busy = await RelayUnderTest.StartAsync(busyDir, $$"""
                servers:
                  alpha:
                    log_path: "{{busyLog}}"
                    start_at: beginning
                    rcon_host: 127.0.0.1
                    rcon_port: {{sim.Port()}}
                    rcon_password: "{{TestSimulator.Password}}"
                """);
            await using var quiet = await RelayUnderTest.StartAsync(quietDir, $$"""
                servers:
                  beta:
                    log_path: "{{quietLog}}"
                    start_at: beginning
                """);

            var (_, busyBody) = await busy.WaitForAsync("/metrics", (_, b) =>
                b.Contains("isr_events_total{server=\"alpha\",type=\"join\"} 1", StringComparison.Ordinal)
                && b.Contains("isr_rcon_latency_seconds_count{server=\"alpha\"}", StringComparison.Ordinal));
            var (status, quietBody, _) = await quiet.GetAsync("/metrics");

            Assert.Contains("isr_events_total{server=\"alpha\",type=\"chat\"} 1", busyBody, StringComparison.Ordinal);
            Assert.Contains("isr_unmatched_lines_total{server=\"alpha\"} 1", busyBody, StringComparison.Ordinal);
            Assert.Contains("isr_tail_lines_total 3", busyBody, StringComparison.Ordinal);
            Assert.Contains("isr_rcon_latency_seconds_bucket{server=\"alpha\",le=\"+Inf\"}", busyBody, StringComparison.Ordinal);
            Assert.Equal(200, status);
            Assert.DoesNotContain("alpha", quietBody, StringComparison.Ordinal);
            Assert.DoesNotContain("isr_tail_lines_total 3", quietBody, StringComparison.Ordinal);
            // The starter dashboard reads series that exist (a renamed instrument would leave a panel empty).
            var dashboard = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy/grafana/isr-dashboard.json"));
            var names = System.Text.RegularExpressions.Regex.Matches(dashboard, @"\b(?:isr|process|dotnet)_[a-z0-9_]+")
                .Select(m => System.Text.RegularExpressions.Regex.Replace(m.Value, "_(bucket|sum|count)$", ""))
                .Distinct(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.Contains($"# TYPE {name} ", busyBody, StringComparison.Ordinal));
            var (code, output) = await HttpEndpointsTests.PromtoolAsync(busyBody);
            Assert.True(code == 0, $"promtool check metrics (exit {code}):\n{output}\n---\n{busyBody}");
        }
        finally
        {
            busyDir.Dispose();
            quietDir.Dispose();
        }
    }
}
