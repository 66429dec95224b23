using FactorioIsr.Cli;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Doctor;

/// <summary><c>isr doctor</c> against the simulator and the fake Discord: every injected problem is in the table, with its fix.</summary>
[Collection(ExternalProcesses.Name)]
public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(int Code, string Out)> DoctorAsync(string yaml)
    {
        var config = _dir.Write("servers.yml", yaml);
        var stdout = new StringWriter();
        var code = await IsrCli.RunAsync(["doctor", "--config", config, "--patterns", Path.Combine(RepositoryRoot.Path, "patterns"), "--timeout", "5"], stdout, new StringWriter(), TestContext.Current.CancellationToken);
        return (code, stdout.ToString());
    }

    [Fact]
    public async Task EverythingRight_ExitsZero()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var (code, output) = await DoctorAsync($"""
            discord:
              token: "{fake.Options.Token}"
              api_base_url: "{fake.BaseUrl}"
            servers:
              s1:
                log_path: "{Path.Combine(sim.ServerDirectory(), "console.log")}"
                rcon_host: 127.0.0.1
                rcon_port: {sim.Port()}
                rcon_password: "{TestSimulator.Password}"
            """);

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("password accepted", output, StringComparison.Ordinal);
        Assert.Contains("the bot token is accepted", output, StringComparison.Ordinal);
        Assert.Contains("everything passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryInjectedProblem_IsReportedWithItsFix_ExitsOne()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var unreadable = Directory.CreateDirectory(_dir.Combine("logs-dir")).FullName;
        var current = _dir.Write("factorio-current.log", "   0.000 2026-12-01 20:00:00; Factorio 2.0.77 (build 1, linux64, headless)\n   0.010 Info Main.cpp:1: hello\n   0.020 Info Main.cpp:2: more\n");
        var (code, output) = await DoctorAsync($"""
            discord:
              token: "wrong-token-0123456789"
              api_base_url: "{fake.BaseUrl}"
            servers:
              s1:
                log_path: "{unreadable}"
                rcon_host: 127.0.0.1
                rcon_port: {sim.Port()}
                rcon_password: "not-the-password"
              s2:
                log_path: "{_dir.Combine("nowhere.log")}"
              s3:
                log_path: "{current}"
            """);

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("is a directory, not a file", output, StringComparison.Ordinal);
        Assert.Contains("the password was refused", output, StringComparison.Ordinal);
        Assert.Contains("set rcon_password", output, StringComparison.Ordinal);
        Assert.Contains("rejected the bot token (401)", output, StringComparison.Ordinal);
        Assert.Contains("Reset Token", output, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
        Assert.Contains("--console-log", output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-0123456789", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", output, StringComparison.Ordinal);
        Assert.Contains("4 problem(s) found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RconNotListening_IsReported()
    {
        var (code, output) = await DoctorAsync($"servers:\n  s1:\n    rcon_host: 127.0.0.1\n    rcon_port: {FactorioIsr.Tests.Hosting.IsrProcess.FreePort()}\n    rcon_password: pw\n");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("not reachable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadConfiguration_IsAFindingWithItsLocation()
    {
        var (code, output) = await DoctorAsync("servers:\n  s1:\n    log_path: a.log\n    rcon_port: nope\n");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("servers.yml:4:", output, StringComparison.Ordinal);
    }
}
