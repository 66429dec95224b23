using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.Commands;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Gateway;
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
/// <c>-- command-latency [servers] [interactions]</c>: N simulated servers configured (default 100), the fake Discord,
/// the <see cref="InteractionRouter"/> fed INTERACTION_CREATE dispatches for <c>/factorio players</c> on a random server,
/// one every 20 ms. Reports p50/p99/max of dispatch → deferred acknowledgement received by the fake, and dispatch →
/// final reply (the @original edit) received by the fake. Targets: ack p99 &lt; 100 ms, reply p99 &lt; 300 ms.
/// </summary>
internal static class CommandLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var dir = Path.Combine(Path.GetTempPath(), "isr-cmd-bench-" + Guid.NewGuid().ToString("N"));
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Directory = dir, Servers = servers, RconPort = 0, RconPassword = "pw", RandomActivity = false, InitialPlayers = 5,
        }, CancellationToken.None);
        await using var fake = new FakeDiscordServer(new FakeDiscordOptions { ValidateOpenApi = false });
        await fake.StartAsync();
        using var rest = new DiscordRestClient(DiscordRestClient.CreateDefaultHandler(), new DiscordRestOptions { BaseUrl = fake.BaseUrl, Token = fake.Options.Token },
            TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
        using var store = SqliteStateStore.Open(Path.Combine(dir, "state.db"), TimeProvider.System, NullLogger.Instance);
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

        var registry = FactorioCommandSet.Create();
        var environment = new CommandEnvironment(new BenchServers(configs, monitors), registry, new UserContexts(store), TimeProvider.System);
        var replies = new InteractionReplies(rest, fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
        var router = new InteractionRouter(registry, environment, new CommandPermissions(DiscordSettings.Defaults, null, TimeProvider.System), replies,
            TimeProvider.System, NullLogger<InteractionRouter>.Instance, cooldowns: new CommandCooldowns(TimeProvider.System, _ => (int.MaxValue, TimeSpan.FromSeconds(1))));

        var random = new Random(42);
        var sent = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < count + 20; i++)
        {
            var id = (900_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
            var tag = configs[random.Next(configs.Count)].Tag;
            var json = Interaction(id, tag, "1000" + (i % 50).ToString(CultureInfo.InvariantCulture));
            fake.RegisterInteraction(id);
            if (i >= 20)
            {
                sent[id] = TimeProvider.System.GetUtcNow(); // the first 20 warm the JIT and are not counted
            }

            await router.HandleAsync(new GatewayDispatch("INTERACTION_CREATE", i, JsonSerializer.SerializeToElement(json)), CancellationToken.None);
            await Task.Delay(20);
        }

        await router.Idle;
        var acks = new List<double>();
        var finals = new List<double>();
        foreach (var (id, at) in sent)
        {
            var callback = fake.Interactions.CallbacksFor(id).Single();
            acks.Add((callback.At - at).TotalMilliseconds);
            var edit = fake.Interactions.EditsFor("tok-" + id).Single();
            finals.Add((edit.At - at).TotalMilliseconds);
        }

        Console.WriteLine($"servers configured: {servers}, interactions: {sent.Count} (players on a random server, one per 20 ms)");
        Console.WriteLine($"dispatch -> deferred ack:  {Describe(acks)}");
        Console.WriteLine($"dispatch -> final reply:   {Describe(finals)}");
        Console.WriteLine($"refusals: {replies.Counts}");
        foreach (var monitor in monitors.Values)
        {
            await monitor.DisposeAsync();
        }

        return 0;
    }

    private static string Describe(List<double> values)
    {
        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):0.0} ms, p99 {At(0.99):0.0} ms, max {values[^1]:0.0} ms");
    }

    private static JsonObject Interaction(string id, string tag, string user) => new()
    {
        ["id"] = id,
        ["application_id"] = "333000000000000001",
        ["type"] = 2,
        ["token"] = "tok-" + id,
        ["version"] = 1,
        ["guild_id"] = "290926798626357999",
        ["channel_id"] = "645027906669510667",
        ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = user, ["username"] = "u" + user }, ["roles"] = new JsonArray(), ["permissions"] = "0" },
        ["data"] = new JsonObject
        {
            ["name"] = "factorio",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject
            {
                ["name"] = "players", ["type"] = 1,
                ["options"] = new JsonArray(new JsonObject { ["name"] = "server", ["type"] = 3, ["value"] = tag }),
            }),
        },
    };

    private sealed class BenchServers(IReadOnlyList<ServerConfig> all, IReadOnlyDictionary<string, ServerMonitor> monitors) : ICommandServers
    {
        public IReadOnlyList<ServerConfig> All => all;

        public PatternSet Patterns { get; } = PatternSet.Create([]);

        public ServerMonitor? Monitor(string tag) => monitors.GetValueOrDefault(tag);

        public ValueTask<bool> PublishAsync(string tag, FactorioEvent @event, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
