using System.Globalization;
using System.Text.Json.Nodes;
using FactorioIsr.Benchmarks.Commands;
using FactorioIsr.Commands;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Http;
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
        await using var bench = await CommandBench.StartAsync(servers, "isr-http-bench");
        var (fake, configs, replies, router) = (bench.Fake, bench.Configs, bench.Replies, bench.Router);
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
        Console.WriteLine($"POST -> deferral in the response: {CommandBench.Describe(acks)}");
        Console.WriteLine($"POST -> final reply:              {CommandBench.Describe(finals)}");
        Console.WriteLine($"refusals: {replies.Counts}, endpoint deferrals: {endpoint.Count(InteractionsEndpoint.Outcome.Deferred)}");
        await app.StopAsync();
        return 0;
    }
}
