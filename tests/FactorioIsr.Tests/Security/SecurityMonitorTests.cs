using FactorioIsr.Events;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Security;
using FactorioIsr.Simulator;
using FactorioIsr.State;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Security;

/// <summary>
/// The monitor's API in process, against the simulator over real RCON and a real state store, under a fake clock:
/// what it observes, CheckOutgoing, expiry by the clock, pardon, the action limit, infractions and active actions.
/// </summary>
public sealed class SecurityMonitorTests : IAsyncDisposable
{
    private static readonly string Password = "pw-" + Guid.NewGuid().ToString("N");
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.Zero };
    private readonly List<FactorioEvent> _published = [];
    private SimulatorHost? _sim;
    private RconClient? _client;
    private SqliteStateStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        _store?.Dispose();
        _dir.Dispose();
    }

    private static SecmonConfig Config(SecurityAction ban, ActionLimitConfig? limit = null) => SecmonConfig.Off with
    {
        Enabled = true,
        SourcePath = "secmon.yml",
        TrustedPlayers = new HashSet<string>(["Admin1"], StringComparer.OrdinalIgnoreCase),
        Patterns = new Dictionary<string, SecurityRuleConfig>(SecmonConfig.DefaultPatterns(), StringComparer.Ordinal)
        {
            [SecurityRuleNames.CodeInjection] = new(true, SecuritySeverity.Critical, ban),
        },
        ActionLimit = limit ?? new ActionLimitConfig(5, TimeSpan.FromMinutes(10)),
        MaxLineAge = TimeSpan.Zero,
    };

    private async Task<SecurityMonitor> MonitorAsync(Func<SecmonConfig> config)
    {
        _sim ??= await SimulatorHost.StartAsync(new SimulatorOptions { Directory = _dir.File("sim"), Servers = 1, RconPort = 0, RconPassword = Password, RandomActivity = false, InitialPlayers = 0 }, Ct);
        _client ??= new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = _sim.Servers[0].RconPort, Password = Password });
        _store ??= SqliteStateStore.Open(_dir.File("isr.db"), _time, NullLogger.Instance);
        var monitor = new SecurityMonitor(config, new Servers(new FactorioRcon(_client), _published), _store, _time, NullLogger.Instance);
        await monitor.InitializeAsync(Ct);
        return monitor;
    }

    private static FactorioEvent Chat(string player, string text, string type = "chat") => new(
        "s1/console/" + Guid.NewGuid().ToString("N"), "s1", LogSourceKind.Console, type, player, text, EventFields.Empty, type, "chat",
        DateTimeOffset.UnixEpoch, "2026-12-01 12:00:00 [CHAT] " + player + ": " + text, text);

    private static async Task ProcessAsync(SecurityMonitor monitor, params FactorioEvent[] events)
    {
        using var stop = new CancellationTokenSource();
        var run = monitor.RunAsync(stop.Token);
        monitor.Committed(events);
        var until = Environment.TickCount64 + 20_000;
        while (!monitor.Idle)
        {
            Assert.True(Environment.TickCount64 < until, "the monitor did not finish");
            await Task.Delay(10, Ct);
        }

        await stop.CancelAsync();
        await run;
    }

    private Task<string> BansAsync() => _client!.ExecuteAsync("/bans", Ct);

    [Fact]
    public async Task Observes_PlayerChatAndCommands_NotServerChatOrMonitorEvents()
    {
        using var monitor = await MonitorAsync(() => Config(SecurityAction.AlertOnly));
        Assert.True(monitor.Observes(Chat("Bob", "hi")));
        Assert.True(monitor.Observes(Chat("Bob", "/c x", "command")));
        Assert.False(monitor.Observes(Chat("<server>", "/c game.print(1)")));
        Assert.False(monitor.Observes(Chat("Bob", "joined", "join")));
        Assert.False(monitor.Observes(SecurityEvents.Alert("security", "s1", "Bob", "x", SecuritySeverity.Low, "w", "e", "alert", default, "id", default)));
    }

    [Fact]
    public async Task CheckOutgoing_SameRules_AllowedWhenOff()
    {
        var config = Config(SecurityAction.AlertOnly);
        using var monitor = await MonitorAsync(() => config);
        Assert.True(monitor.CheckOutgoing("see you at [gps=1,2] && bring [item=iron-plate]").Allowed);
        var refused = monitor.CheckOutgoing("hello\\n/promote Griefer9");
        Assert.False(refused.Allowed);
        Assert.Equal(SecurityRuleNames.CommandInjection, refused.Rule);
        config = SecmonConfig.Off;
        Assert.True(monitor.CheckOutgoing("hello\\n/promote Griefer9").Allowed);
    }

    [Fact]
    public async Task ATemporaryBan_IsUndoneWhenTheClockPassesItsExpiry_AndTheRowIsGone()
    {
        using var monitor = await MonitorAsync(() => Config(new SecurityAction(SecurityActionKind.Ban, TimeSpan.FromHours(1))));
        await ProcessAsync(monitor, Chat("Griefer9", "/sc game.players[1].admin = true"));
        Assert.Equal("Banned players: Griefer9", await BansAsync());
        var active = Assert.Single(monitor.ActiveActions("s1"));
        Assert.Equal(_time.GetUtcNow().AddHours(1), active.ExpiresAt);

        _time.Advance(TimeSpan.FromMinutes(59));
        await monitor.ExpireAsync(Ct);
        Assert.Equal("Banned players: Griefer9", await BansAsync());

        _time.Advance(TimeSpan.FromMinutes(1));
        await monitor.ExpireAsync(Ct);
        Assert.Equal("There are no banned players.", await BansAsync());
        Assert.Empty(monitor.ActiveActions());
        Assert.Empty(await ((IStateStore)_store!).LoadSecurityActionsAsync(Ct));
        Assert.Equal(["ban", "unban"], _published.Where(e => e.Type == "audit").Select(e => e.Fields["command"]));
    }

    [Fact]
    public async Task Pardon_UndoesAPermanentBan_AndTheInfractionStaysOnRecord()
    {
        using var monitor = await MonitorAsync(() => Config(new SecurityAction(SecurityActionKind.Ban, null)));
        await ProcessAsync(monitor, Chat("Griefer9", "loadstring(\"game.print(1)\")()"));
        Assert.Null(Assert.Single(monitor.ActiveActions()).ExpiresAt);

        var results = await monitor.PardonAsync("s1", "griefer9", "Admin1 (Discord)", Ct);
        Assert.Equal(["ban: undone (Griefer9 was unbanned by <server>.)"], results);
        Assert.Equal("There are no banned players.", await BansAsync());
        Assert.Contains("pardoned by Admin1 (Discord)", _published.Last(e => e.Type == "audit").Fields["arguments"], StringComparison.Ordinal);
        var infraction = Assert.Single(await monitor.RecentInfractionsAsync("s1", "Griefer9", 10, Ct));
        Assert.Equal(SecurityRuleNames.CodeInjection, infraction.Rule);
        Assert.Equal("ban", infraction.Action);
    }

    [Fact]
    public async Task TheActionLimit_WithholdsActionsPastIt_AlertsGoOn()
    {
        using var monitor = await MonitorAsync(() => Config(new SecurityAction(SecurityActionKind.Ban, null), new ActionLimitConfig(2, TimeSpan.FromMinutes(10))));
        await ProcessAsync(monitor, Chat("Attacker1", "/c game.print(1)"), Chat("Attacker2", "/c game.print(2)"), Chat("Attacker3", "/c game.print(3)"), Chat("Admin1", "/c game.print(4)"));
        Assert.Equal("Banned players: Attacker1 and Attacker2", await BansAsync());
        var actions = _published.Where(e => e.Type == "security").ToDictionary(e => e.Player!, e => e.Fields["action"]);
        Assert.StartsWith("withheld: the action limit (2 per 10m)", actions["Attacker3"], StringComparison.Ordinal);
        Assert.StartsWith("none: Admin1 is a trusted player", actions["Admin1"], StringComparison.Ordinal);
        Assert.Equal(2, _published.Count(e => e.Type == "audit"));
    }

    private sealed class Servers(FactorioRcon rcon, List<FactorioEvent> published) : ISecurityServers
    {
        public FactorioRcon? Rcon(string server) => server == "s1" ? rcon : null;

        public ValueTask<bool> PublishAsync(string server, FactorioEvent @event, CancellationToken cancellationToken)
        {
            lock (published)
            {
                published.Add(@event);
            }

            return new(true);
        }
    }
}
