using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.Commands;
using FactorioIsr.Discord.Gateway;

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
        await using var bench = await CommandBench.StartAsync(servers, "isr-cmd-bench");
        var (fake, configs, replies, router) = (bench.Fake, bench.Configs, bench.Replies, bench.Router);

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
        Console.WriteLine($"dispatch -> deferred ack:  {CommandBench.Describe(acks)}");
        Console.WriteLine($"dispatch -> final reply:   {CommandBench.Describe(finals)}");
        Console.WriteLine($"refusals: {replies.Counts}");
        return 0;
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
}
