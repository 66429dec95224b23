using FactorioIsr.Cli;
using FactorioIsr.Tests.Simulator;

namespace FactorioIsr.Tests.Cli;

public sealed class RconCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rcon_ConfiguredServer_PrintsReply_ExitsZero()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 2);
        var (code, stdout, stderr) = await RunAsync("rcon", "--config", sim.Host.ServersYmlPath, "sim1", "/players", "online");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("Online players (2):\n", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Rcon_UnknownTag_ExitsTwo_NamingKnownTags()
    {
        await using var sim = await TestSimulator.StartAsync();
        var (code, _, stderr) = await RunAsync("rcon", "--config", sim.Host.ServersYmlPath, "nope", "/version");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown server 'nope'", stderr, StringComparison.Ordinal);
        Assert.Contains("sim1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rcon_WrongPassword_ExitsOne_WithOneLine()
    {
        await using var sim = await TestSimulator.StartAsync();
        var yml = Path.Combine(sim.Directory, "wrong.yml");
        await File.WriteAllTextAsync(yml, (await File.ReadAllTextAsync(sim.Host.ServersYmlPath, Ct)).Replace(TestSimulator.Password, "wrong", StringComparison.Ordinal), Ct);

        var (code, stdout, stderr) = await RunAsync("rcon", "--config", yml, "sim1", "/version");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Empty(stdout);
        Assert.Equal("isr rcon: RCON authentication to sim1 failed: wrong password", stderr.Trim());
    }

    [Fact]
    public async Task Rcon_RefusedConnection_ExitsOne()
    {
        await using var sim = await TestSimulator.StartAsync();
        var yml = Path.Combine(sim.Directory, "down.yml");
        var port = Rcon.RconClientSimulatorTests.FreePort();
        await File.WriteAllTextAsync(yml, (await File.ReadAllTextAsync(sim.Host.ServersYmlPath, Ct)).Replace($"rcon_port: {sim.Port()}", $"rcon_port: {port}", StringComparison.Ordinal), Ct);

        var (code, _, stderr) = await RunAsync("rcon", "--config", yml, "sim1", "/version");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains($"127.0.0.1:{port}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rcon_MissingConfig_ExitsTwo()
    {
        var (code, _, stderr) = await RunAsync("rcon", "--config", Path.Combine(Path.GetTempPath(), "no-such-isr.yml"), "sim1", "/version");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("configuration is invalid", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rcon_ServerSendingGarbage_NamesTheServerOnce()
    {
        // A loopback server that answers the auth packet with a frame whose length field is below the minimum.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(Ct);
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, Ct);
            await stream.FlushAsync(Ct);
            await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        }, Ct);
        using var dir = new Support.TempDirectory();
        var yml = dir.Write("servers.yml", $"servers:\n  b1:\n    rcon_host: 127.0.0.1\n    rcon_port: {port}\n    rcon_password: pw\n");

        var (code, _, stderr) = await RunAsync("rcon", "--config", yml, "b1", "/version");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.StartsWith("isr rcon: b1: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("b1: b1:", stderr, StringComparison.Ordinal);
        listener.Stop();
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await IsrCli.RunAsync(args, stdout, stderr, Ct);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
