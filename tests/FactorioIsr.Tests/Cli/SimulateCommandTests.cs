using FactorioIsr.Cli;
using FactorioIsr.Tests.Rcon;

namespace FactorioIsr.Tests.Cli;

public sealed class SimulateCommandTests
{
    [Theory]
    [InlineData("--servers", "0")]
    [InlineData("--servers", "x")]
    [InlineData("--rcon-port", "70000")]
    [InlineData("--rcon-password", "")]
    public async Task Simulate_BadArguments_ExitTwo(string option, string value)
    {
        var stderr = new StringWriter();

        var code = await IsrCli.RunAsync(["simulate", option, value], new StringWriter(), stderr, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("isr: ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_PrintsWhereThingsAre_RunsUntilCancelled_ExitsZero()
    {
        var dir = Path.Combine(Path.GetTempPath(), "isr-simulate-cli-" + Guid.NewGuid().ToString("N"));
        var port = RconClientSimulatorTests.FreePort();
        var buffer = new StringWriter();
        var stdout = TextWriter.Synchronized(buffer);

        // The synchronized writer locks on itself (MethodImplOptions.Synchronized), so reads take the same lock.
        string Output()
        {
            lock (stdout)
            {
                return buffer.ToString();
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var run = IsrCli.RunAsync(["simulate", "--servers", "1", "--dir", dir, "--rcon-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], stdout, new StringWriter(), stop.Token);
        var yml = Path.Combine(dir, "servers.yml");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Output().Contains("Press Ctrl+C", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await stop.CancelAsync();
        var code = await run;

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(yml, Output(), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", Output(), StringComparison.Ordinal);
        Assert.EndsWith(" Goodbye", File.ReadAllLines(Path.Combine(dir, "sim1", "factorio-current.log"))[^1], StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task SimulateHelp_DocumentsEverySimCommand()
    {
        var stdout = new StringWriter();
        await IsrCli.RunAsync(["simulate", "--help"], stdout, new StringWriter(), TestContext.Current.CancellationToken);

        foreach (var sim in new[] { "/sim ups", "/sim speed", "/sim pause", "/sim resume", "/sim players", "/sim chat", "/sim rcon-down", "/sim restart", "/sim rotate", "/sim truncate", "Example:" })
        {
            Assert.Contains(sim, stdout.ToString(), StringComparison.Ordinal);
        }
    }
}
