using System.Buffers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Rcon.Protocol;
using FactorioIsr.Tests.Rcon;

namespace FactorioIsr.Tests.Simulator;

public sealed partial class SimulatorBehaviourTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SimChat_WritesConsoleLogInFactorioFormat()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();

        await client.ExecuteAsync("/sim chat Dr.Gadorcha hello [gps=98,69]", Ct);
        await client.ExecuteAsync("raw server text", Ct);

        var lines = sim.ReadLines("console.log");
        Assert.Contains(lines, l => ConsoleLine().IsMatch(l) && l.EndsWith(" [CHAT] Dr.Gadorcha: hello [gps=98,69]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" [CHAT] <server>: raw server text", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Contains(" [JOIN] ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SimPlayers_JoinsAndLeaves_WithLogLines()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 0);
        await using var client = sim.CreateClient();

        await client.ExecuteAsync("/sim players 3", Ct);
        var online = FactorioReplies.ParsePlayers(await client.ExecuteAsync("/players online", Ct));
        await client.ExecuteAsync("/sim players 1", Ct);

        Assert.Equal(3, online.Count);
        var console = sim.ReadLines("console.log");
        Assert.Equal(3, console.Count(l => l.Contains(" [JOIN] ", StringComparison.Ordinal) && l.EndsWith(" joined the game", StringComparison.Ordinal)));
        Assert.Equal(2, console.Count(l => l.Contains(" [LEAVE] ", StringComparison.Ordinal) && l.EndsWith(" left the game", StringComparison.Ordinal)));
        Assert.Contains(sim.ReadLines("factorio-current.log"), l => l.Contains("processed PlayerJoinGame peerID(", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tick_AdvancesWithPlayers_StopsWhenPausedOrEmpty()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 1);
        await using var client = sim.CreateClient();
        await client.ExecuteAsync("/sim ups 600", Ct);

        var t0 = await TickAsync(client);
        await Task.Delay(200, Ct);
        var t1 = await TickAsync(client);
        await client.ExecuteAsync("/sim pause", Ct);
        var p0 = await TickAsync(client);
        await Task.Delay(200, Ct);
        var p1 = await TickAsync(client);
        await client.ExecuteAsync("/sim resume", Ct);
        await client.ExecuteAsync("/sim players 0", Ct);
        var e0 = await TickAsync(client);
        await Task.Delay(200, Ct);
        var e1 = await TickAsync(client);

        Assert.True(t1 > t0, $"{t0} -> {t1}");
        Assert.Equal(p0, p1);
        Assert.Equal(e0, e1);
    }

    [Fact]
    public async Task SimRestart_MovesCurrentLogToPrevious_NewLogStartsAtZero()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();

        await client.ExecuteAsync("/sim restart", Ct);
        await RconClientSimulatorTests.RetryAsync(() => client.ExecuteAsync("/version", Ct));

        var previous = sim.ReadLines("factorio-previous.log");
        var current = sim.ReadLines("factorio-current.log");
        Assert.Contains(previous, l => l.Contains("Quitting: signal.", StringComparison.Ordinal));
        Assert.EndsWith(" Goodbye", previous[^1], StringComparison.Ordinal);
        Assert.StartsWith("   0.0", current[0], StringComparison.Ordinal);
        Assert.Contains("; Factorio 2.0.77 (build", current[0], StringComparison.Ordinal);
        Assert.Contains(current, l => Regex.IsMatch(l, @"^ +\d+\.\d{3} Info ServerMultiplayerManager\.cpp:\d+: updateTick\(\d+\) changing state from\(CreatingGame\) to\(InGame\)$"));
        Assert.Contains(current, l => l.Contains("Starting RCON interface at IP ADDR:({0.0.0.0:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SimRotateAndTruncate_ActOnConsoleLog()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        var console = Path.Combine(sim.ServerDirectory(), "console.log");

        await client.ExecuteAsync("/sim rotate", Ct);
        var rotatedExists = File.Exists(console + ".1");
        var afterRotate = new FileInfo(console).Length;
        await client.ExecuteAsync("/sim chat Alice after rotate", Ct);
        await client.ExecuteAsync("/sim truncate", Ct);
        var afterTruncate = new FileInfo(console).Length;
        await client.ExecuteAsync("/sim chat Bob after truncate", Ct);

        Assert.True(rotatedExists);
        Assert.Equal(0, afterRotate);
        Assert.Equal(0, afterTruncate);
        Assert.Single(sim.ReadLines("console.log"), l => l.EndsWith("[CHAT] Bob: after truncate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminCommands_ChangeStateAndLogLikeFactorio()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 2);
        await using var client = sim.CreateClient();
        var victim = FactorioReplies.ParsePlayers(await client.ExecuteAsync("/players online", Ct))[0].Name;

        await client.ExecuteAsync(FactorioCommands.Promote("Zed").Text, Ct);
        var admins = FactorioReplies.ParseAdmins(await client.ExecuteAsync("/admins", Ct));
        await client.ExecuteAsync(FactorioCommands.Kick(victim, "afk").Text, Ct);
        await client.ExecuteAsync(FactorioCommands.Ban("Griefer", "fire").Text, Ct);
        await client.ExecuteAsync(FactorioCommands.Whitelist(WhitelistAction.Add, "Alice").Text, Ct);
        var whitelist = await client.ExecuteAsync(FactorioCommands.Whitelist(WhitelistAction.Get).Text, Ct);
        var save = await client.ExecuteAsync(FactorioCommands.Save("backup").Text, Ct);

        Assert.Contains("Zed", admins);
        Assert.Contains("Alice", whitelist, StringComparison.Ordinal);
        Assert.Equal("backup", FactorioReplies.ParseSaveLabel(save));
        var console = sim.ReadLines("console.log");
        Assert.Contains(console, l => l.EndsWith($"[KICK] {victim} was kicked by <server>. Reason: afk.", StringComparison.Ordinal));
        Assert.Contains(console, l => l.EndsWith("[BAN] Griefer (not on map) was banned by <server>. Reason: fire.", StringComparison.Ordinal));
        Assert.Contains(console, l => l.EndsWith("[PROMOTE] Zed was added to the admin list by <server> and will be promoted upon joining the game.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LuaBuilders_SpeedAndDaytime_AreRecognisedAndApplied()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        var commands = new FactorioCommands(new FactorioVersion(2, 0, 77), achievementSafe: false);

        var speed = await client.ExecuteAsync(commands.SetSpeed(2.5).Text, Ct);
        var daytime = await client.ExecuteAsync(commands.SetDaytime(0.5, freeze: true).Text, Ct);
        var readBack = await client.ExecuteAsync(commands.GetDaytime().Text, Ct);
        var research = await client.ExecuteAsync(commands.Research().Text, Ct);

        Assert.Equal("2.5\n", speed);
        Assert.Equal("0.5\n", daytime);
        Assert.Equal("0.5\n", readBack);
        Assert.True(FactorioReplies.TryParseResearch(research, out var status));
        Assert.True(status!.Total > status.Researched);
    }

    [Fact]
    public async Task RawProtocol_EmptyCommandIsIgnored_WrongPasswordGetsMinusOne()
    {
        await using var sim = await TestSimulator.StartAsync();
        using (var socket = await ConnectAsync(sim.Port()))
        {
            await SendAsync(socket, RconPacketCodec.Encode(5, RconPacketType.Auth, TestSimulator.Password));
            Assert.Equal(new RconPacket(5, RconPacketType.AuthResponse, string.Empty), await ReceiveAsync(socket));
            await SendAsync(socket, RconPacketCodec.Encode(6, RconPacketType.ExecCommand, string.Empty));
            await SendAsync(socket, RconPacketCodec.Encode(7, RconPacketType.ExecCommand, "/version"));
            Assert.Equal(new RconPacket(7, RconPacketType.ResponseValue, "2.0.77"), await ReceiveAsync(socket));
        }

        using var wrong = await ConnectAsync(sim.Port());
        await SendAsync(wrong, RconPacketCodec.Encode(9, RconPacketType.Auth, "nope"));
        Assert.Equal(-1, (await ReceiveAsync(wrong)).Id);
    }

    private static async Task<long> TickAsync(FactorioIsr.Rcon.Client.RconClient client)
    {
        Assert.True(FactorioReplies.TryParseTick(await client.ExecuteAsync("/sc rcon.print(game.tick)", Ct), out var tick));
        return tick;
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, Ct);
        return socket;
    }

    private static async Task SendAsync(Socket socket, byte[] bytes) => await socket.SendAsync(bytes, Ct);

    private static async Task<RconPacket> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[65536];
        var received = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(received), Ct);
            Assert.True(n > 0, "connection closed before a reply");
            received += n;
            var sequence = new ReadOnlySequence<byte>(buffer, 0, received);
            if (RconPacketCodec.TryRead(ref sequence, RconPacketCodec.DefaultMaxReplySize, out var packet, out _) == OperationStatus.Done)
            {
                return packet;
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[A-Z]+\] ")]
    private static partial Regex ConsoleLine();
}
