using System.Globalization;
using System.Text.Json.Nodes;
using FactorioIsr.Commands;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Http;
using FactorioIsr.Monitoring;
using FactorioIsr.Patterns;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Simulator;
using FactorioIsr.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Http;

/// <summary>
/// <c>-- interactions-latency [servers] [interactions]</c>: N simulated servers configured (default 100), each with its
/// RCON session connected, the <see cref="InteractionsEndpoint"/> on Kestrel (loopback) in front of the
/// <see cref="InteractionRouter"/>, and the fake Discord signing and POSTing <c>/factorio players server: &lt;random
/// tag&gt;</c>, one every 20 ms (the first 20 not counted). Reports p50/p99/max of POST → the deferral received in the
/// response (signature check included), and POST → the final reply (the @original edit) received by the fake.
/// </summary>
internal static class InteractionsLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var dir = Path.Combine(Path.GetTempPath(), "isr-http-bench-" + Guid.NewGuid().ToString("N"));
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
        var endpoint = new InteractionsEndpoint(InteractionSignature.FromHex(fake.HttpInteractions.PublicKeyHex), router, TimeProvider.System, NullLogger<InteractionsEndpoint>.Instance);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync();
        var url = new Uri(app.Urls.First().TrimEnd('/') + "/interactions");

        var random = new Random(42);
        var posts = new List<(bool Counted, DateTimeOffset At, Task<FactorioIsr.FakeDiscord.Interactions.FakeHttpInteractionResponse> Response)>();
        for (var i = 0; i < count + 20; i++)
        {
            var tag = configs[random.Next(configs.Count)].Tag;
            var spec = new FakeInteractionSpec
            {
                UserId = "1000" + (i % 50).ToString(CultureInfo.InvariantCulture),
                Options = [new JsonObject { ["name"] = "players", ["type"] = 1, ["options"] = new JsonArray(new JsonObject { ["name"] = "server", ["type"] = 3, ["value"] = tag }) }],
            };
            posts.Add((i >= 20, TimeProvider.System.GetUtcNow(), fake.HttpInteractions.SendAsync(url, spec)));
            await Task.Delay(20);
        }

        var acks = new List<double>();
        var finals = new List<double>();
        foreach (var (counted, at, task) in posts)
        {
            var response = await task;
            if (response.Type != 5)
            {
                throw new InvalidOperationException($"expected a deferral, got {response.Status} {response.Body}");
            }

            if (counted)
            {
                acks.Add(response.Elapsed.TotalMilliseconds);
            }
        }

        await router.Idle;
        foreach (var (counted, at, task) in posts.Where(p => p.Counted))
        {
            var edit = fake.Interactions.EditsFor(task.Result.Token!).Single();
            finals.Add((edit.At - at).TotalMilliseconds);
        }

        Console.WriteLine($"servers configured: {servers}, interactions: {acks.Count} (players on a random server, POST /interactions one per 20 ms)");
        Console.WriteLine($"POST -> deferral in the response: {Describe(acks)}");
        Console.WriteLine($"POST -> final reply:              {Describe(finals)}");
        Console.WriteLine($"refusals: {replies.Counts}, endpoint deferrals: {endpoint.Count(InteractionsEndpoint.Outcome.Deferred)}");
        await app.StopAsync();
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

    private sealed class BenchServers(IReadOnlyList<ServerConfig> all, IReadOnlyDictionary<string, ServerMonitor> monitors) : ICommandServers
    {
        public IReadOnlyList<ServerConfig> All => all;

        public PatternSet Patterns { get; } = PatternSet.Create([]);

        public ServerMonitor? Monitor(string tag) => monitors.GetValueOrDefault(tag);

        public ValueTask<bool> PublishAsync(string tag, FactorioEvent @event, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
