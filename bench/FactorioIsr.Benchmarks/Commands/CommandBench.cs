using System.Globalization;
using FactorioIsr.Commands;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Monitoring;
using FactorioIsr.Patterns;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Simulator;
using FactorioIsr.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Commands;

/// <summary>
/// What the command benchmarks share: N simulated servers, each with its monitor's RCON session connected (as the
/// relay keeps them), the fake Discord, and the <see cref="InteractionRouter"/> with the real registry, permissions,
/// replies and (unlimited) cooldowns. The harnesses differ only in how interactions reach the router.
/// </summary>
internal sealed class CommandBench : IAsyncDisposable
{
    private readonly SimulatorHost _simulator;
    private readonly DiscordRestClient _rest;
    private readonly SqliteStateStore _store;
    private readonly Dictionary<string, ServerMonitor> _monitors;

    private CommandBench(SimulatorHost simulator, FakeDiscordServer fake, DiscordRestClient rest, SqliteStateStore store, IReadOnlyList<ServerConfig> configs, Dictionary<string, ServerMonitor> monitors)
    {
        _simulator = simulator;
        Fake = fake;
        _rest = rest;
        _store = store;
        Configs = configs;
        _monitors = monitors;
        var registry = FactorioCommandSet.Create();
        var environment = new CommandEnvironment(new BenchServers(configs, monitors), registry, new UserContexts(store), TimeProvider.System);
        Replies = new InteractionReplies(rest, fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
        Router = new InteractionRouter(registry, environment, new CommandPermissions(DiscordSettings.Defaults, null, TimeProvider.System), Replies,
            TimeProvider.System, NullLogger<InteractionRouter>.Instance, cooldowns: new CommandCooldowns(TimeProvider.System, _ => (int.MaxValue, TimeSpan.FromSeconds(1))));
    }

    public FakeDiscordServer Fake { get; }

    public IReadOnlyList<ServerConfig> Configs { get; }

    public InteractionReplies Replies { get; }

    public InteractionRouter Router { get; }

    public static async Task<CommandBench> StartAsync(int servers, string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N"));
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Directory = dir, Servers = servers, RconPort = 0, RconPassword = "pw", RandomActivity = false, InitialPlayers = 5,
        }, CancellationToken.None);
        var fake = new FakeDiscordServer(new FakeDiscordOptions { ValidateOpenApi = false });
        await fake.StartAsync();
        var rest = new DiscordRestClient(DiscordRestClient.CreateDefaultHandler(), new DiscordRestOptions { BaseUrl = fake.BaseUrl, Token = fake.Options.Token },
            TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
        var store = SqliteStateStore.Open(Path.Combine(dir, "state.db"), TimeProvider.System, NullLogger.Instance);
        var configs = simulator.Servers.Select((s, i) => new ServerConfig
        {
            Tag = s.Tag, Name = "Sim " + (i + 1), Rcon = new RconConfig("127.0.0.1", s.RconPort, new Secret("pw")), EventChannelId = 1000UL + (ulong)i,
        }).ToList();
        var monitors = new Dictionary<string, ServerMonitor>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = config.Rcon!.Port, Password = "pw", Name = config.Tag });
            monitors[config.Tag] = new ServerMonitor(config.Tag, ServerMonitoring.For(config)!, client, (e, ct) => ValueTask.CompletedTask, store, TimeProvider.System, NullLogger.Instance);
            await monitors[config.Tag].Rcon.GetCommandsAsync(); // connected, as the relay's monitors keep them
        }

        return new CommandBench(simulator, fake, rest, store, configs, monitors);
    }

    /// <summary>"p50 1.2 ms, p99 3.4 ms, max 5.6 ms" (sorts <paramref name="values"/>).</summary>
    public static string Describe(List<double> values)
    {
        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):0.0} ms, p99 {At(0.99):0.0} ms, max {values[^1]:0.0} ms");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var monitor in _monitors.Values)
        {
            await monitor.DisposeAsync();
        }

        _store.Dispose();
        _rest.Dispose();
        await Fake.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    private sealed class BenchServers(IReadOnlyList<ServerConfig> all, IReadOnlyDictionary<string, ServerMonitor> monitors) : ICommandServers
    {
        public IReadOnlyList<ServerConfig> All => all;

        public PatternSet Patterns { get; } = PatternSet.Create([]);

        public ServerMonitor? Monitor(string tag) => monitors.GetValueOrDefault(tag);

        public ValueTask<bool> PublishAsync(string tag, FactorioEvent @event, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
