using System.Text.Json;
using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Health;
using FactorioIsr.Hosting;
using FactorioIsr.Ingest;
using FactorioIsr.Servers;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Servers;

/// <summary>
/// Servers are added, removed and added again in a running pipeline while their logs grow: every line reaches the
/// output exactly once, and the other servers never stop. Ready events enter the same writer.
/// </summary>
public sealed class ServerManagerTests
{
    private static ServerDefinition Server(string tag, string path) =>
        new(tag, [new TailSource(tag, "console", path, TailStartAt.Beginning)], LineEvents.Raw(TimeProvider.System), _ => [], [], Revision: "1");

    private static List<string> Texts(string jsonl, string server) => !File.Exists(jsonl)
        ? []
        : [.. File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("server").GetString() == server).Select(e => e.GetProperty("raw").GetString()!)];

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = Environment.TickCount64 + 20_000;
        while (!condition() && Environment.TickCount64 < until)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task AddRemoveReAdd_WhileLogsGrow_EveryLineOnce_OthersUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var a = dir.File("a.log");
        var b = dir.File("b.log");
        File.WriteAllText(a, "");
        File.WriteAllText(b, "");
        var jsonlPath = dir.File("events.jsonl");
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl = new JsonlOutput(jsonlPath);
        var options = new RelayOptions { Tail = TailerHarness.FastOptions, ShutdownBudget = TimeSpan.FromSeconds(5), JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [jsonl], [Server("a", a)], options, TimeProvider.System, NullLoggerFactory.Instance);
        await pipeline.StartAsync(ct);

        var writtenA = 0;
        var writtenB = 0;
        void Write(int n)
        {
            for (var i = 0; i < n; i++)
            {
                TailerHarness.Append(a, $"a{writtenA++}\n");
                TailerHarness.Append(b, $"b{writtenB++}\n");
            }
        }

        Write(50);
        await pipeline.Servers.AddAsync(Server("b", b), ct);
        Write(50);
        await WaitForAsync(() => Texts(jsonlPath, "a").Count >= 50);

        Assert.True(await pipeline.Servers.RemoveAsync("a", ct));
        Assert.Equal(["b"], pipeline.Servers.Servers.Keys);
        Write(50); // a grows while it is not relayed; b is relayed all along
        await WaitForAsync(() => Texts(jsonlPath, "b").Count == writtenB);

        await pipeline.Servers.AddAsync(Server("a", a), ct); // resumes at a's committed position
        Write(50);
        await WaitForAsync(() => Texts(jsonlPath, "a").Count == writtenA && Texts(jsonlPath, "b").Count == writtenB);
        await pipeline.StopAsync(ct);

        Assert.Equal(Enumerable.Range(0, writtenA).Select(i => $"a{i}"), Texts(jsonlPath, "a"));
        Assert.Equal(Enumerable.Range(0, writtenB).Select(i => $"b{i}"), Texts(jsonlPath, "b"));
    }

    [Fact]
    public async Task Apply_AddsRemovesAndReplacesByRevision()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        var options = new RelayOptions { Tail = TailerHarness.FastOptions, JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [], [Server("a", dir.File("a.log")), Server("b", dir.File("b.log"))], options, TimeProvider.System, NullLoggerFactory.Instance);
        await pipeline.StartAsync(ct);
        var b = pipeline.Servers.Servers["b"];

        var result = await pipeline.Servers.ApplyAsync([Server("b", dir.File("b.log")), Server("c", dir.File("c.log")) with { Revision = "1" }], ct);
        Assert.Equal((1, 1, 0), result);
        Assert.Same(b, pipeline.Servers.Servers["b"]); // unchanged: untouched

        result = await pipeline.Servers.ApplyAsync([Server("b", dir.File("b2.log")) with { Revision = "2" }, Server("c", dir.File("c.log"))], ct);
        Assert.Equal((0, 0, 1), result);
        Assert.NotSame(b, pipeline.Servers.Servers["b"]);
        Assert.Equal(dir.File("b2.log"), pipeline.Servers.Servers["b"].Tailers.Single().Source.Path);
        await pipeline.StopAsync(ct);
    }

    [Fact]
    public async Task ReadyEvent_EntersTheSameWriter_AndTheSnapshotSeesEverything()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var jsonlPath = dir.File("events.jsonl");
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl = new JsonlOutput(jsonlPath);
        var options = new RelayOptions { Tail = TailerHarness.FastOptions, JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [jsonl], [Server("a", dir.File("a.log"))], options, TimeProvider.System, NullLoggerFactory.Instance);
        var health = new RelayHealth(pipeline, store, discord: null, TimeProvider.System);
        Assert.False(health.Capture().Ready); // not started yet
        await pipeline.StartAsync(ct);

        var ingest = pipeline.Servers.Servers["a"].Ingest;
        var stats = new FactorioEvent("a/monitor/stats/1", "a", LogSourceKind.Monitor, "stats", null, "UPS 60", EventFields.Empty, null, "status", TimeProvider.System.GetUtcNow(), "", "UPS 60");
        await pipeline.Ingest.PublishAsync(ingest, stats, ct);
        await pipeline.Ingest.FlushAsync(ct);
        await WaitForAsync(() => File.Exists(jsonlPath) && File.ReadAllText(jsonlPath).Contains("a/monitor/stats/1", StringComparison.Ordinal));

        var snapshot = health.Capture();
        Assert.True(snapshot.Ready);
        Assert.Equal("a", Assert.Single(snapshot.Servers).Tag);
        Assert.Equal(dir.File("a.log"), Assert.Single(snapshot.Servers[0].Tailers).Path);
        Assert.Equal("jsonl", Assert.Single(snapshot.Destinations).Destination);
        Assert.NotNull(snapshot.Ingest.SinceLastCommit);
        Assert.Null(snapshot.State.Error);
        await pipeline.StopAsync(ct);
    }

    [Fact]
    public async Task OutboxRowsGauge_FallsWhenTheOutboxDrains()
    {
        // isr_outbox_rows was a gauge recorded only when rows were added: it never fell. It is observed now.
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var a = dir.File("a.log");
        File.WriteAllText(a, string.Concat(Enumerable.Range(0, 20).Select(i => $"line {i}\n")));
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        var open = new TaskCompletionSource();
        var gated = new FactorioIsr.Tests.Delivery.ScriptedOutput("gated", _ => open.Task.IsCompleted ? DeliveryOutcome.Delivered : DeliveryOutcome.Transient("held"));
        using var meters = new FactorioIsr.Tests.Support.TestMeters();
        var metrics = new PipelineMetrics(new TailMetrics(meters.Factory), new IngestMetrics(meters.Factory), new DeliveryMetrics(meters.Factory), new FactorioIsr.Rcon.Client.RconMetrics(meters.Factory));
        await using var pipeline = new RelayPipeline(store, [gated], [Server("a", a)], new RelayOptions { Tail = TailerHarness.FastOptions, JitWarmup = false }, TimeProvider.System, NullLoggerFactory.Instance, metrics);

        double Observed() => meters.Observe("isr_outbox_rows");

        await pipeline.StartAsync(ct);
        await WaitForAsync(() => pipeline.Outbox.Rows == 20);
        Assert.True(Observed() >= 20);
        open.SetResult();
        await WaitForAsync(() => pipeline.Outbox.Rows == 0);
        Assert.True(Observed() < 20);
        await pipeline.StopAsync(ct);
    }

    [Fact]
    public async Task StateDatabaseDeleted_TheSnapshotIsNotReady_WithoutWaitingForACommit()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        var options = new RelayOptions { Tail = TailerHarness.FastOptions, JitWarmup = false };
        await using var pipeline = new RelayPipeline(store, [], [Server("a", dir.File("a.log"))], options, TimeProvider.System, NullLoggerFactory.Instance);
        var health = new RelayHealth(pipeline, store, discord: null, TimeProvider.System);
        await pipeline.StartAsync(ct);
        Assert.True(health.Capture().Ready);

        File.Delete(dir.File("isr.db"));

        var snapshot = health.Capture();
        Assert.False(snapshot.Ready);
        Assert.Contains("deleted", snapshot.State.Error, StringComparison.Ordinal);
        await pipeline.StopAsync(ct);
    }
}
