using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.Commands;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using FactorioIsr.FakeDiscord;
using FactorioIsr.FakeDiscord.Interactions;
using FactorioIsr.Monitoring;
using FactorioIsr.Patterns;
using FactorioIsr.State;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Commands;

/// <summary>
/// The commands end to end on loopback: simulated Factorio servers (one RCON session each, as the relay has them), the
/// fake Discord (callbacks and @original edits, validated against Discord's OpenAPI document), a SQLite state store,
/// and the <see cref="InteractionRouter"/> taking INTERACTION_CREATE dispatches. Audit events land in <see cref="Published"/>.
/// </summary>
internal sealed class CommandHarness : IAsyncDisposable
{
    public const string AdminRole = "900000000000000001";
    public const string ModeratorRole = "900000000000000002";
    public const string NamedAdminRole = "900000000000000003";
    public const string GuildId = "290926798626357999";
    private static long _nextId = 786008729715212000;

    private readonly TempDirectory _dir = new();
    private readonly List<ServerMonitor> _monitors = [];
    private bool _cooldowns;

    private CommandHarness(TestSimulator simulator, FakeDiscordServer fake, DiscordRestClient rest, SqliteStateStore store, TestServers servers)
    {
        Simulator = simulator;
        Fake = fake;
        Rest = rest;
        Store = store;
        Servers = servers;
    }

    public TestSimulator Simulator { get; }

    public FakeDiscordServer Fake { get; }

    public DiscordRestClient Rest { get; }

    public SqliteStateStore Store { get; }

    public TestServers Servers { get; }

    public InteractionRouter Router { get; set; } = null!;

    public ConcurrentQueue<FactorioEvent> Published => Servers.Published;

    public static async Task<CommandHarness> StartAsync(int servers = 2, bool achievementSafe = false, TimeSpan? confirmation = null, int players = 3, bool cooldowns = false)
    {
        var simulator = await TestSimulator.StartAsync(servers, initialPlayers: players);
        var fake = await DiscordTestKit.StartFakeAsync();
        var rest = DiscordTestKit.CreateClient(fake);
        var dir = Path.Combine(Path.GetTempPath(), "isr-cmd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var store = SqliteStateStore.Open(Path.Combine(dir, "state.db"), TimeProvider.System, NullLogger.Instance);
        var configs = new List<ServerConfig>();
        for (var i = 0; i < servers; i++)
        {
            configs.Add(new ServerConfig
            {
                Tag = simulator.Host.Servers[i].Tag,
                Name = "Sim " + (i + 1),
                Description = i == 0 ? "the first" : null,
                Rcon = new RconConfig("127.0.0.1", simulator.Port(i), new Secret(TestSimulator.Password)),
                AchievementSafe = achievementSafe && i == 0,
                EventChannelId = 1000UL + (ulong)i,
            });
        }

        var harness = new CommandHarness(simulator, fake, rest, store, new TestServers(configs, TestPatterns.Shipped));
        foreach (var config in configs)
        {
            var client = simulator.CreateClient(configs.IndexOf(config));
            var monitor = new ServerMonitor(config.Tag, ServerMonitoring.For(config)!, client, (e, ct) => ValueTask.CompletedTask, store, TimeProvider.System, NullLogger.Instance);
            harness._monitors.Add(monitor);
            harness.Servers.Monitors[config.Tag] = monitor;
        }

        harness._cooldowns = cooldowns;
        harness.Router = harness.CreateRouter(confirmation);
        return harness;
    }

    public InteractionRouter CreateRouter(TimeSpan? confirmation = null, DiscordSettings? settings = null, FactorioIsr.Security.SecurityMonitor? security = null)
    {
        var discord = settings ?? DiscordSettings.Defaults with
        {
            AdminRoleIds = [ulong.Parse(AdminRole, System.Globalization.CultureInfo.InvariantCulture)],
            ModeratorRoleIds = [ulong.Parse(ModeratorRole, System.Globalization.CultureInfo.InvariantCulture)],
            ApplicationId = ulong.Parse(Fake.Options.ApplicationId, System.Globalization.CultureInfo.InvariantCulture),
        };
        var registry = FactorioCommandSet.Create();
        var environment = new CommandEnvironment(Servers, registry, new UserContexts(Store), TimeProvider.System) { Security = security };
        var permissions = new CommandPermissions(discord, (g, ct) => Rest.GetGuildRolesAsync(g, ct), TimeProvider.System);
        var replies = new InteractionReplies(Rest, Fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
        var cooldowns = _cooldowns ? null : new CommandCooldowns(TimeProvider.System, _ => (1000, TimeSpan.FromSeconds(1)));
        return new InteractionRouter(registry, environment, permissions, replies, TimeProvider.System, NullLogger<InteractionRouter>.Instance, confirmation, cooldowns);
    }

    /// <summary>The member kinds of the permission table.</summary>
    public static Member Plain { get; } = new("100000000000000001", [], "2147483639");

    public static Member Admin { get; } = new("100000000000000002", [AdminRole], "0");

    public static Member Moderator { get; } = new("100000000000000003", [ModeratorRole], "0");

    public static Member Administrator { get; } = new("100000000000000004", [], "8");

    /// <summary>Dispatches a slash command as the gateway would and waits until the router has finished with it.</summary>
    public async Task<Exchange> RunAsync(string sub, Member? member = null, string? group = null, string? top = null, params (string Name, object Value)[] options)
    {
        var exchange = Inject(InteractionJson.Command(NextId(), top ?? TopLevelOf(group, sub), group, sub, member ?? Administrator, options));
        await Router.Idle;
        return exchange;
    }

    /// <summary>Dispatches an interaction (JSON as Discord sends it), registering it with the fake first.</summary>
    public Exchange Inject(JsonObject interaction, InteractionRouter? router = null, bool register = true)
    {
        var id = interaction["id"]!.GetValue<string>();
        if (register)
        {
            Fake.RegisterInteraction(id);
        }

        var element = JsonSerializer.SerializeToElement(interaction);
        (router ?? Router).HandleAsync(new GatewayDispatch("INTERACTION_CREATE", 1, element), TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        return new Exchange(this, id, interaction["token"]!.GetValue<string>());
    }

    public static string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string TopLevelOf(string? group, string sub) =>
        FactorioCommandSet.Create().Commands.First(c => c.Spec.Name == sub && c.Spec.Group == group).Spec.TopLevel;

    /// <summary>The online player names of server <paramref name="index"/>.</summary>
    public async Task<IReadOnlyList<string>> OnlinePlayersAsync(int index = 0)
    {
        var players = await _monitors[index].Rcon.GetOnlinePlayersAsync(TestContext.Current.CancellationToken);
        return [.. players.Select(p => p.Name)];
    }

    /// <summary>Every RCON body server <paramref name="index"/> received.</summary>
    public IReadOnlyList<string> Received(int index = 0) => [.. Simulator.Host.SimulatedServers[index].Received];

    public async ValueTask DisposeAsync()
    {
        await Router.Idle;
        foreach (var monitor in _monitors)
        {
            await monitor.DisposeAsync();
        }

        Store.Dispose();
        Rest.Dispose();
        await Fake.DisposeAsync();
        await Simulator.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A member: id, role ids and channel permissions.</summary>
    public sealed record Member(string Id, IReadOnlyList<string> Roles, string Permissions);

    /// <summary>One injected interaction and what the fake recorded for it.</summary>
    public sealed record Exchange(CommandHarness Harness, string Id, string Token)
    {
        public IReadOnlyList<FakeInteractionCallback> Callbacks => Harness.Fake.Interactions.CallbacksFor(Id);

        public IReadOnlyList<FakeInteractionEdit> Edits => Harness.Fake.Interactions.EditsFor(Token);

        public FakeInteractionCallback Callback => Assert.Single(Callbacks);

        /// <summary>The final reply: the edit of a deferred reply, else the callback's message.</summary>
        public JsonNode Final => Edits.Count > 0 ? Edits[^1].Body! : Callback.Body!["data"]!;

        public string Title => Final["embeds"]?[0]?["title"]?.GetValue<string>() ?? "";

        public string Description => Final["embeds"]?[0]?["description"]?.GetValue<string>() ?? "";

        public string Text => Final["content"]?.GetValue<string>() ?? "";

        /// <summary>Every text of the reply (title, description, fields, content), one per line, for assertions on the whole reply.</summary>
        public string All => string.Join('\n', Strings(Final));

        private static IEnumerable<string> Strings(JsonNode? node) => node switch
        {
            JsonObject o => o.SelectMany(p => Strings(p.Value)),
            JsonArray a => a.SelectMany(Strings),
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            _ => [],
        };

        public bool Ephemeral => (Callback.Body!["data"]?["flags"]?.GetValue<int>() ?? 0) == 64;
    }

    /// <summary>The commands' view of the relay: the simulator's servers, their monitors, the shipped patterns, and a list of published events.</summary>
    internal sealed class TestServers(IReadOnlyList<ServerConfig> all, PatternSet patterns) : ICommandServers
    {
        public IReadOnlyList<ServerConfig> All => all;

        public ConcurrentDictionary<string, ServerMonitor> Monitors { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<FactorioEvent> Published { get; } = new();

        public PatternSet Patterns => patterns;

        public ServerMonitor? Monitor(string tag) => Monitors.GetValueOrDefault(tag);

        public ValueTask<bool> PublishAsync(string tag, FactorioEvent @event, CancellationToken cancellationToken)
        {
            Published.Enqueue(@event);
            return ValueTask.FromResult(true);
        }
    }
}
