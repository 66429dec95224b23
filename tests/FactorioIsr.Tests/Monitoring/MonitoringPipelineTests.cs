using System.Text.Json;
using FactorioIsr.Configuration;
using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Health;
using FactorioIsr.Hosting;
using FactorioIsr.Ingest;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Servers;
using FactorioIsr.Simulator;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>
/// A server with RCON in a running pipeline, on the real clock: its runtime owns the RCON session (shown in the health
/// snapshot), monitor events reach the outputs through the ingest path, and a <c>/sim restart</c> gives one stop, one
/// start and no RCON alarm although RCON is gone for longer than the loss debounce.
/// </summary>
public sealed class MonitoringPipelineTests
{
    // A password of its own: a port freed by a crashed simulator may be taken by another test's simulator at once,
    // and the session must not log in there.
    private static readonly string Password = "pw-" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<JsonElement> Events(string jsonl) => !File.Exists(jsonl)
        ? []
        : [.. File.ReadAllLines(jsonl).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = Environment.TickCount64 + 30_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < until, "timed out waiting for " + what);
            await Task.Delay(25, Ct);
        }
    }

    [Fact]
    public async Task SimRestart_GivesOneStopAndOneStart_AndNoRconAlarm_AndTheSnapshotShowsTheSession()
    {
        using var dir = new Tailing.TempDirectory();
        await using var sim = await SimulatorHost.StartAsync(
            new SimulatorOptions { Directory = dir.File("sim"), Servers = 1, RconPort = 0, RconPassword = Password, RandomActivity = false, InitialPlayers = 1 },
            Ct);
        var port = sim.Servers[0].RconPort;
        var current = Path.Combine(dir.File("sim"), "sim1", "factorio-current.log");
        var jsonlPath = dir.File("events.jsonl");
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl = new JsonlOutput(jsonlPath);
        var monitoring = new ServerMonitoring(
            "Sim 1",
            new RconConfig("127.0.0.1", port, new Secret(Password)),
            AchievementSafe: false,
            MonitoringConfig.Defaults with { EnableStatsCollector = false, EnableAlerts = false },
            MonitorTimings.Default with { RconCheck = TimeSpan.FromMilliseconds(25), RconLossDebounce = TimeSpan.FromMilliseconds(500) });
        var definition = new ServerDefinition(
            "sim1",
            [new TailSource("sim1", "current", current, TailStartAt.End, Kind: LogSourceKind.Current)],
            PatternLineParser.Create(TestPatterns.Shipped, TimeProvider.System),
            _ => [],
            [],
            "1",
            monitoring);
        var options = new RelayOptions { Tail = Tailing.TailerHarness.FastOptions, ShutdownBudget = TimeSpan.FromSeconds(5), JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [jsonl], [definition], options, TimeProvider.System, NullLoggerFactory.Instance);
        var health = new RelayHealth(pipeline, store, discord: null, TimeProvider.System);
        await pipeline.StartAsync(Ct);

        var runtime = pipeline.Servers.Servers["sim1"];
        Assert.NotNull(runtime.Monitor);
        await WaitForAsync(() => health.Capture().Servers.Single().Rcon is { Connected: true, State: "connected", Since: not null, Latency: not null }, "the session to connect and answer");

        await using (var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = port, Password = Password }))
        {
            await client.ExecuteAsync("/sim restart", Ct);
        }

        var generation = runtime.Monitor.Client.ConnectionGeneration;
        await WaitForAsync(() => Events(jsonlPath).Any(e => e.GetProperty("pattern").GetString() == "server_started"), "the start");
        await WaitForAsync(() => runtime.Monitor.Client.ConnectionGeneration > generation && runtime.Monitor.Client.IsConnected, "RCON to come back");
        await Task.Delay(700, Ct); // past the debounce: a loss notice would be out by now
        await pipeline.Ingest.FlushAsync(Ct);
        await pipeline.StopAsync(Ct);

        var events = Events(jsonlPath);
        Assert.Single(events, e => e.GetProperty("pattern").GetString() == "server_quitting");
        Assert.Single(events, e => e.GetProperty("pattern").GetString() == "server_started");
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "rcon");
    }

    [Fact]
    public async Task RconListenerStopped_PublishesOneLostThroughTheIngestPath()
    {
        using var dir = new Tailing.TempDirectory();
        await using var sim = await SimulatorHost.StartAsync(
            new SimulatorOptions { Directory = dir.File("sim"), Servers = 1, RconPort = 0, RconPassword = Password, RandomActivity = false, InitialPlayers = 1 },
            Ct);
        var port = sim.Servers[0].RconPort;
        var jsonlPath = dir.File("events.jsonl");
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl = new JsonlOutput(jsonlPath);
        var monitoring = new ServerMonitoring(
            "Sim 1",
            new RconConfig("127.0.0.1", port, new Secret(Password)),
            AchievementSafe: false,
            MonitoringConfig.Defaults with { EnableStatsCollector = false, EnableAlerts = false },
            MonitorTimings.Default with { RconCheck = TimeSpan.FromMilliseconds(25), RconLossDebounce = TimeSpan.FromMilliseconds(300) });
        var definition = new ServerDefinition("sim1", [], PatternLineParser.Create(TestPatterns.Shipped, TimeProvider.System), _ => [], [], "1", monitoring);
        var options = new RelayOptions { Tail = Tailing.TailerHarness.FastOptions, ShutdownBudget = TimeSpan.FromSeconds(5), JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [jsonl], [definition], options, TimeProvider.System, NullLoggerFactory.Instance);
        await pipeline.StartAsync(Ct);
        var monitor = pipeline.Servers.Servers["sim1"].Monitor!;
        await WaitForAsync(() => monitor.Client.IsConnected, "the session to connect");

        await using (var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = port, Password = Password }))
        {
            await client.ExecuteAsync("/sim rcon-down 2", Ct);
        }

        await WaitForAsync(() => Events(jsonlPath).Count(e => e.GetProperty("type").GetString() == "rcon") == 2, "lost and restored");
        await pipeline.StopAsync(Ct);
        var notices = Events(jsonlPath).Where(e => e.GetProperty("type").GetString() == "rcon").ToList();
        Assert.Equal(["lost", "restored"], notices.Select(n => n.GetProperty("status").GetString()));
        Assert.Equal("sim1", notices[0].GetProperty("server").GetString());
    }

    [Theory]
    [InlineData("mod", "crash_mod_error", "Example Mod 1.2.3")]
    [InlineData("exception", "crash_exception", "Unknown entity name")]
    [InlineData("init", "server_failed", "InitializationFailed")]
    [InlineData("desync", "crash_desync", "desynchronisation")]
    [InlineData("disk", "crash_disk_full", "No space left on device")]
    public async Task SimCrash_GivesOneCrashEventWithTheReason_ToTheAlertsRoute_AndOneRconLost(string reason, string pattern, string text)
    {
        using var dir = new Tailing.TempDirectory();
        await using var sim = await SimulatorHost.StartAsync(
            new SimulatorOptions { Directory = dir.File("sim"), Servers = 1, RconPort = 0, RconPassword = Password, RandomActivity = false, InitialPlayers = 1 },
            Ct);
        var port = sim.Servers[0].RconPort;
        var current = Path.Combine(dir.File("sim"), "sim1", "factorio-current.log");
        var jsonlPath = dir.File("events.jsonl");
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl = new JsonlOutput(jsonlPath);
        var monitoring = new ServerMonitoring(
            "Sim 1",
            new RconConfig("127.0.0.1", port, new Secret(Password)),
            AchievementSafe: false,
            MonitoringConfig.Defaults with { EnableStatsCollector = false, EnableAlerts = false },
            MonitorTimings.Default with { RconCheck = TimeSpan.FromMilliseconds(25), RconLossDebounce = TimeSpan.FromMilliseconds(300) });
        var definition = new ServerDefinition(
            "sim1",
            [new TailSource("sim1", "current", current, TailStartAt.End, Kind: LogSourceKind.Current)],
            PatternLineParser.Create(TestPatterns.Shipped, TimeProvider.System),
            _ => [],
            [],
            "1",
            monitoring);
        var options = new RelayOptions { Tail = Tailing.TailerHarness.FastOptions, ShutdownBudget = TimeSpan.FromSeconds(5), JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [jsonl], [definition], options, TimeProvider.System, NullLoggerFactory.Instance);
        await pipeline.StartAsync(Ct);
        var monitor = pipeline.Servers.Servers["sim1"].Monitor!;
        await WaitForAsync(() => monitor.Client.IsConnected, "the session to connect");

        await using (var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = port, Password = Password }))
        {
            await client.ExecuteAsync("/sim crash " + reason, Ct);
        }

        await WaitForAsync(() => Events(jsonlPath).Any(e => e.GetProperty("type").GetString() == "rcon"), "the RCON loss");
        await pipeline.Ingest.FlushAsync(Ct);
        await pipeline.StopAsync(Ct);

        var events = Events(jsonlPath);
        var seen = string.Join("; ", events.Select(e => $"{e.GetProperty("type").GetString()}/{e.GetProperty("pattern")}/{e.GetProperty("text").GetString()}"));
        Assert.True(events.Count(e => e.GetProperty("type").GetString() == "crash") == 1, seen);
        var crash = events.Single(e => e.GetProperty("type").GetString() == "crash");
        Assert.Equal(pattern, crash.GetProperty("pattern").GetString());
        Assert.Equal("alerts", crash.GetProperty("route").GetString());
        Assert.Contains(text, crash.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(events.Count(e => e.GetProperty("type").GetString() == "rcon") == 1, seen);
        Assert.Equal("lost", events.Single(e => e.GetProperty("type").GetString() == "rcon").GetProperty("status").GetString());
    }

    [Fact]
    public async Task SimSave_WritesASaveSequence()
    {
        using var dir = new Tailing.TempDirectory();
        await using var sim = await SimulatorHost.StartAsync(
            new SimulatorOptions { Directory = dir.File("sim"), Servers = 1, RconPort = 0, RconPassword = Password, RandomActivity = false, InitialPlayers = 1 },
            Ct);
        await using (var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = sim.Servers[0].RconPort, Password = Password }))
        {
            Assert.Equal("saved to _autosave1", await client.ExecuteAsync("/sim save", Ct));
        }

        var lines = File.ReadAllLines(Path.Combine(dir.File("sim"), "sim1", "factorio-current.log"));
        Assert.Matches(@"^\s*\d+\.\d{3} Info AppManager\.cpp:\d+: Saving to _autosave1 \(non-blocking\)\.$", lines[^2]);
        Assert.EndsWith(" Saving finished", lines[^1], StringComparison.Ordinal);
        Assert.Null(TestPatterns.Parse(TestPatterns.Shipped, lines[^1], LogSourceKind.Current)); // saves are opt-in (server_saved)
    }
}
