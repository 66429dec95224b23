using System.Diagnostics;

namespace FactorioIsr.Tests.Simulator;

/// <summary>The simulator's RCON server against a client we did not write: npm rcon-client, via tests/conformance/rcon/check.mjs.</summary>
[Collection(ExternalProcesses.Name)]
public sealed class RconClientConformanceTests
{
    [Fact]
    public async Task NodeRconClient_AuthenticatesRunsPlayersAndSeesTickAdvance()
    {
        var conformance = Path.Combine(RepositoryRoot(), "tests", "conformance", "rcon");
        Assert.True(
            Directory.Exists(Path.Combine(conformance, "node_modules", "rcon-client")),
            $"{conformance}/node_modules/rcon-client is missing: run .ci/install (it runs .ci/install.d/20-rcon.sh)");
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 2);

        var start = new ProcessStartInfo("node", ["check.mjs", "127.0.0.1", sim.Port().ToString(System.Globalization.CultureInfo.InvariantCulture), TestSimulator.Password])
        {
            WorkingDirectory = conformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not installed: run .ci/install (it runs .ci/install.d/20-rcon.sh)", ex);
        }

        using var _ = process;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"node check.mjs failed ({process.ExitCode}): {stdout}{stderr}");
        Assert.StartsWith("ok players=\"Players (2):\"", stdout, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FactorioIsr.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FactorioIsr.slnx not found above " + AppContext.BaseDirectory);
    }
}
