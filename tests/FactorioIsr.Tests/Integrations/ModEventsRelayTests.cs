using System.Text.Json;
using FactorioIsr.Delivery;
using FactorioIsr.Hosting;
using FactorioIsr.Patterns;
using FactorioIsr.State;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Integrations;

/// <summary>isr run follows the mod's numbered files (mod_events_path) and parses each object by its type.</summary>
public sealed class ModEventsRelayTests
{
    [Fact]
    public async Task ModEventsPath_ThroughTheServerDefinitions_RelaysEveryNumberedFileInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var configs = new Configs();
        var isr = Directory.CreateDirectory(Path.Combine(configs.Root, "script-output", "isr")).FullName;
        File.WriteAllText(Path.Combine(isr, "events-1.jsonl"), "{\"v\":1,\"tick\":10,\"type\":\"player_died\",\"player\":\"Ann\",\"cause_name\":\"small-biter\"}\n");
        File.WriteAllText(Path.Combine(isr, "events-2.jsonl"), "{\"v\":1,\"tick\":20,\"type\":\"research_finished\",\"technology\":\"automation\",\"level\":1}\n");
        var configuration = configs.LoadValid($"servers:\n  s1:\n    start_at: beginning\n    mod_events_path: {isr}/events-*.jsonl\n");
        var (patterns, _) = PatternSet.Load(Path.Combine(RepositoryRoot.Path, "patterns"));
        var jsonlPath = Path.Combine(configs.Root, "events.jsonl");
        using var store = SqliteStateStore.Open(Path.Combine(configs.Root, "isr.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl = new JsonlOutput(jsonlPath);
        var servers = ServerDefinitions.Build(configuration, patterns!, [], TimeProvider.System);
        var options = new RelayOptions { Tail = FactorioIsr.Tests.Tailing.TailerHarness.FastOptions, JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [jsonl], servers, options, TimeProvider.System, NullLoggerFactory.Instance);
        await pipeline.StartAsync(ct);

        List<JsonElement> Events() => !File.Exists(jsonlPath) ? [] : [.. File.ReadAllLines(jsonlPath).Select(l => JsonDocument.Parse(l).RootElement)];
        var until = Environment.TickCount64 + 20_000;
        while (Events().Count < 2 && Environment.TickCount64 < until)
        {
            await Task.Delay(20, ct);
        }

        await pipeline.StopAsync(ct);
        var events = Events();
        Assert.Equal(["death", "research"], events.Select(e => e.GetProperty("type").GetString())); // the shipped event types
        Assert.Equal(["player_died", "research_finished"], events.Select(e => e.GetProperty("mod_type").GetString()));
        Assert.All(events, e => Assert.Equal("mod", e.GetProperty("source").GetString()));
        Assert.Contains("Ann", events[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
