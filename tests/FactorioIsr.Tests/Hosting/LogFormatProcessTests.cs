using System.Text.Json;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Hosting;

/// <summary>LOG_FORMAT=json is set up before servers.yml is read: its problems are JSON lines too, and so is the relay's log.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class LogFormatProcessTests
{
    [Fact]
    public async Task Json_ConfigErrorsAndRelayLogs_AreOneJsonObjectPerLine()
    {
        using var dir = new TempDirectory();
        var bad = dir.Write("bad.yml", "servers:\n  s:\n    log_path: a.log\n    rcon_port: x\n");
        var json = new Dictionary<string, string> { ["LOG_FORMAT"] = "json" };
        using (var isr = IsrProcess.Start(json, "run", "--config", bad, "--state", dir.Combine("isr.db")))
        {
            Assert.True(await isr.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(2, isr.ExitCode);
            var lines = isr.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
            Assert.Contains(lines, l => l.Contains("bad.yml:4:16: rcon_port", StringComparison.Ordinal) && l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal));
        }

        var good = dir.Write("servers.yml", $"servers:\n  s:\n    log_path: \"{dir.Combine("a.log")}\"\n");
        using (var isr = IsrProcess.Start(json, "run", "--config", good, "--patterns", Path.Combine(RepositoryRoot.Path, "patterns"), "--state", dir.Combine("isr.db")))
        {
            var until = Environment.TickCount64 + 30_000;
            while (!isr.Stderr.Contains("relaying", StringComparison.Ordinal) && Environment.TickCount64 < until && !isr.HasExited)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(15)));
            Assert.Equal(0, isr.ExitCode);
            var lines = isr.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.Contains("relaying 1 server(s)", StringComparison.Ordinal));
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                Assert.True(doc.RootElement.TryGetProperty("Timestamp", out _), line);
                Assert.True(doc.RootElement.TryGetProperty("LogLevel", out _), line);
                Assert.True(doc.RootElement.TryGetProperty("Category", out _), line);
                Assert.True(doc.RootElement.TryGetProperty("EventId", out _), line);
            }
        }
    }
}
