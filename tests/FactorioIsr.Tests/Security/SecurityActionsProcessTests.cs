using FactorioIsr.Rcon.Client;
using FactorioIsr.Simulator;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Security;

/// <summary>
/// Actions in game, end to end: the simulator writes the chat, <c>isr run</c> reads it, and its RCON commands reach
/// the simulator (seen in its state and in the lines it logs). Bans and mutes are temporary and undone on expiry,
/// also when isr was killed in between; a trusted player is never acted on; each action is audited.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class SecurityActionsProcessTests
{
    private static readonly string Password = "pw-" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Secmon(string banFor) => $$"""
        security:
          alert_channel: "123456789012345678"
          trusted_players: [Admin1]
          patterns:
            code_injection: {enabled: true, action: ban, duration: {{banFor}}, severity: critical}
            command_injection: {action: kick}
          rate_limits:
            chat_message: {max_events: 3, time_window_seconds: 60, action: mute, duration: 3s}
        """;

    private static async Task<string> RconAsync(int port, string command)
    {
        await using var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = port, Password = Password });
        return await client.ExecuteAsync(command, Ct);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = Environment.TickCount64 + (seconds * 1000);
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < until, "timed out waiting for " + what);
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<SimulatorHost> SimulatorAsync(TempDirectory dir) => await SimulatorHost.StartAsync(
        new SimulatorOptions { Directory = dir.File("sim"), Servers = 1, RconPort = 0, RconPassword = Password, RandomActivity = false, InitialPlayers = 2 },
        Ct);

    private static SecurityRun Run(SimulatorHost sim, string secmon, TempDirectory dir)
    {
        return new SecurityRun(
            secmon,
            $"""
                rcon_host: 127.0.0.1
                rcon_port: {sim.Servers[0].RconPort}
                rcon_password: '{Password}'
            """,
            Path.Combine(dir.File("sim"), "sim1", "console.log"));
    }

    [Fact]
    public async Task Attacks_AreBannedKickedAndMutedThroughRcon_Audited_UndoneOnExpiry_AndATrustedPlayerIsNeverActedOn()
    {
        using var dir = new TempDirectory();
        await using var sim = await SimulatorAsync(dir);
        var port = sim.Servers[0].RconPort;
        using var run = Run(sim, Secmon("4s"), dir);
        using var isr = run.Start();
        await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "type") == "join"), "the players' joins", isr);
        var online = (await RconAsync(port, "/players online")).Split('\n').Skip(1).Select(l => l.Trim().Replace(" (online)", "", StringComparison.Ordinal)).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, online.Count);

        await RconAsync(port, "/sim chat Admin1 /c game.print(\"trusted\")");
        await RconAsync(port, "/sim chat Griefer9 \"); game.players[1].admin = true --");
        await RconAsync(port, $"/sim chat {online[0]} /ban everyone");
        for (var i = 0; i < 4; i++)
        {
            await RconAsync(port, $"/sim chat Eve buy gold {i}");
        }

        await run.WaitForAsync(e => e.Count(x => SecurityRun.Field(x, "type") == "audit") >= 3, "three audited actions", isr);
        Assert.Contains("Banned players: Griefer9", await RconAsync(port, "/bans"), StringComparison.Ordinal);
        Assert.Equal("Eve is already muted.", await RconAsync(port, "/mute Eve"));
        var console = File.ReadAllText(Path.Combine(dir.File("sim"), "sim1", "console.log"));
        Assert.Contains("[BAN] Griefer9 (not on map) was banned by <server>. Reason: ISR security monitor: code_injection.", console, StringComparison.Ordinal);
        Assert.Contains($"[KICK] {online[0]} was kicked by <server>. Reason: ISR security monitor: command_injection.", console, StringComparison.Ordinal);

        var audits = run.Events("audit");
        Assert.All(audits, a => Assert.Equal("security monitor", SecurityRun.Field(a, "who")));
        Assert.Equal(["ban", "kick", "mute"], audits.Select(a => SecurityRun.Field(a, "command")).Order());
        Assert.Contains("player=Griefer9 reason=ISR security monitor: code_injection duration=4s", audits.Select(a => SecurityRun.Field(a, "arguments")));
        var alerts = run.Events("security");
        Assert.StartsWith("none: Admin1 is a trusted player", alerts.Single(a => SecurityRun.Field(a, "player") == "Admin1").GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Equal("ban 4s", SecurityRun.Field(alerts.Single(a => SecurityRun.Field(a, "player") == "Griefer9"), "action"));
        Assert.DoesNotContain("Admin1", await RconAsync(port, "/bans"), StringComparison.Ordinal);

        // Expiry: the mute (3 s) and the ban (4 s) are undone through RCON, and audited.
        await WaitForAsync(async () => (await RconAsync(port, "/bans")) == "There are no banned players.", "the unban");
        Assert.Equal("Eve is not muted.", await RconAsync(port, "/unmute Eve"));
        await run.WaitForAsync(e => e.Count(x => SecurityRun.Field(x, "type") == "audit") >= 5, "the undo audits", isr);
        Assert.Equal(["ban", "kick", "mute", "unban", "unmute"], run.Events("audit").Select(a => SecurityRun.Field(a, "command")).Order());
        Assert.Contains("[UNBANNED] Griefer9 was unbanned by <server>.", File.ReadAllText(Path.Combine(dir.File("sim"), "sim1", "console.log")), StringComparison.Ordinal);
        await isr.TerminateAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ATemporaryBan_IsUndoneAfterARestart_WhenItExpiredWhileIsrWasDown()
    {
        using var dir = new TempDirectory();
        await using var sim = await SimulatorAsync(dir);
        var port = sim.Servers[0].RconPort;
        using var run = Run(sim, Secmon("5s"), dir);
        using (var first = run.Start())
        {
            await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "type") == "join"), "the players' joins", first);
            await RconAsync(port, "/sim chat Griefer9 ]] rcon.print(game.tick) --[[");
            await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "type") == "audit" && SecurityRun.Field(x, "command") == "ban"), "the ban", first);
            await first.KillAsync();
        }

        Assert.Equal("Banned players: Griefer9", await RconAsync(port, "/bans"));
        await Task.Delay(TimeSpan.FromSeconds(6), Ct); // the ban expires while isr is down

        using var second = run.Start();
        await WaitForAsync(async () => (await RconAsync(port, "/bans")) == "There are no banned players.", "the unban after the restart");
        await run.WaitForAsync(e => e.Any(x => SecurityRun.Field(x, "type") == "audit" && SecurityRun.Field(x, "command") == "unban"), "the unban's audit", second);
        Assert.Single(run.Events("audit"), a => SecurityRun.Field(a, "command") == "ban"); // the line was not read (or acted on) twice
        await second.TerminateAsync(TimeSpan.FromSeconds(20));
    }
}
