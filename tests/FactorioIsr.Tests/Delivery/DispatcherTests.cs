using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Delivery;

public sealed class DispatcherTests
{
    private static readonly DispatcherOptions FastRetry = new() { Backoff = new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(80)) };

    private static string Lines(string prefix, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D5}\n"));

    private static IReadOnlyList<string> Expected(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D5}")];

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds = 30)
    {
        var until = Environment.TickCount64 + (seconds * 1000L);
        while (!condition() && Environment.TickCount64 < until)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "condition not reached in time");
    }

    [Fact] // G17
    public async Task Run_PermanentFailure_DeadLettersWithReasonAndKeepsFlowing()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("console.log"), "ok-1\npoison\nok-2\nok-3\n");
        var sink = new ScriptedOutput(
            "scripted",
            b => b.Entries.Any(e => e.Event.Raw == "poison") ? DeliveryOutcome.Permanent("400: message too long") : DeliveryOutcome.Delivered,
            packSize: 1);
        await using var h = new PipelineHarness(dir, "console.log") { ExtraOutputs = () => [sink] };
        h.Start();
        await WaitUntilAsync(() => sink.Accepted.Count == 3);
        Assert.Equal(["ok-1", "ok-2", "ok-3"], sink.Accepted);
        var dead = Assert.Single(h.Store.LoadDeadLetters(10));
        Assert.Equal("poison", dead.Event.Raw);
        Assert.Equal("400: message too long", dead.Reason);
        Assert.Equal("scripted", dead.Destination);
        await h.WaitForRecordsAsync(4); // the other destination got everything
    }

    [Fact]
    public async Task Run_SinkFailsForAWhile_NothingLostOrderKeptOutboxBounded()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("console.log"), Lines("f", 3000));
        var healthy = false;
        var sink = new ScriptedOutput("scripted", _ => Volatile.Read(ref healthy) ? DeliveryOutcome.Delivered : DeliveryOutcome.Transient("503"));
        await using var h = new PipelineHarness(dir, "console.log") { ExtraOutputs = () => [sink] };
        h.Options = h.Options with { OutboxMaxRows = 200, MaxCommitLines = 50, LineChannelCapacity = 64, Dispatch = FastRetry };
        h.Start();
        long peak = 0;
        for (var i = 0; i < 40; i++)
        {
            peak = Math.Max(peak, h.Pipeline.Outbox.Rows);
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        // Reading paused at the cap: rows stay within cap + one commit (x2 destinations), far below the 3000 lines.
        Assert.InRange(peak, 100, 200 + (2 * 50));
        Assert.True(sink.Attempts > 3);
        Volatile.Write(ref healthy, true);
        await WaitUntilAsync(() => sink.Accepted.Count == 3000);
        Assert.Equal(Expected("f", 3000), sink.Accepted);
        await h.WaitForRecordsAsync(3000);
        Assert.Equal(Expected("f", 3000), h.Raws());
    }

    [Fact]
    public async Task Run_TransientWithRetryAfter_WaitsAtLeastThatLong()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("console.log"), "one\n");
        var times = new List<long>();
        var sink = new ScriptedOutput("scripted", _ =>
        {
            lock (times)
            {
                times.Add(Environment.TickCount64);
                return times.Count == 1 ? DeliveryOutcome.Transient("429", TimeSpan.FromMilliseconds(400)) : DeliveryOutcome.Delivered;
            }
        });
        await using var h = new PipelineHarness(dir, "console.log") { ExtraOutputs = () => [sink] };
        h.Options = h.Options with { Dispatch = FastRetry };
        h.Start();
        await WaitUntilAsync(() => sink.Accepted.Count == 1);
        Assert.True(times[1] - times[0] >= 390, $"retried after {times[1] - times[0]} ms");
    }

    [Fact]
    public async Task Run_OutputDisabled_StopsThatDispatcherAndKeepsItsRows()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("console.log"), Lines("d", 10));
        var sink = new ScriptedOutput("scripted", _ => DeliveryOutcome.Disabled("401: invalid token"));
        await using var h = new PipelineHarness(dir, "console.log") { ExtraOutputs = () => [sink] };
        h.Start();
        await h.WaitForRecordsAsync(10);
        var dispatcher = h.Pipeline.Dispatchers.Single(d => d.Destination == "scripted");
        await WaitUntilAsync(() => dispatcher.State == DispatcherState.Disabled);
        Assert.Equal("401: invalid token", dispatcher.LastError);
        Assert.Equal(1, sink.Attempts);

        // The JSONL output's 10 rows go once it acknowledges (its records can be on disk a moment before); the disabled
        // destination's 10 stay.
        await WaitUntilAsync(() => h.Store.LoadOutboxTotals().Rows <= 10);
        Assert.Equal(10, h.Store.LoadOutboxTotals().Rows);
    }

    [Fact]
    public async Task Run_RestartWithBatchInFlight_RetriesExactlySameBatchAndKey()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        var events = Enumerable.Range(0, 10).Select(i => new OutboxAppend("x", Event($"e{i}"))).ToList();
        store.CommitIngest(events, []);
        var keys = new List<string>();
        var first = new ScriptedOutput("x", b => { keys.Add(b.IdempotencyKey); return DeliveryOutcome.Transient("timeout"); }, packSize: 4);
        await RunBrieflyAsync(store, first, until: () => keys.Count >= 1);
        var second = new ScriptedOutput("x", b => { keys.Add(b.IdempotencyKey); return DeliveryOutcome.Delivered; }, packSize: 7);
        await RunBrieflyAsync(store, second, until: () => second.Accepted.Count == 10);
        Assert.Equal("x#1-4", keys[0]);
        Assert.Equal("x#1-4", keys[^3]); // the persisted batch, not a new packing
        Assert.Equal(["x#1-4", "x#5-10"], keys.Skip(keys.Count - 2));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"e{i}")], second.Accepted);
    }

    [Fact]
    public async Task Run_StableBatches_NextBoundsSavedWithAcknowledgementAndNoneForJsonl()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        store.CommitIngest([.. Enumerable.Range(0, 10).Select(i => new OutboxAppend("x", Event($"e{i}"))), .. Enumerable.Range(0, 10).Select(i => new OutboxAppend(JsonlOutput.Key, Event($"e{i}")))], []);
        var saved = new List<(long, long)?>();
        var stable = new ScriptedOutput("x", b => { saved.Add(store.LoadBatch("x")); return DeliveryOutcome.Delivered; }, packSize: 4);
        await RunBrieflyAsync(store, stable, until: () => stable.Accepted.Count == 10);
        Assert.Equal([(1L, 4L), (5L, 8L), (9L, 10L)], saved); // each batch's bounds were on disk before its attempt
        Assert.Null(store.LoadBatch("x"));

        using var jsonl = new JsonlOutput(dir.File("out.jsonl"));
        var seen = new List<(long, long)?>();
        var wrapped = new ScriptedOutput(JsonlOutput.Key, b =>
        {
            seen.Add(store.LoadBatch(JsonlOutput.Key));
            return jsonl.DeliverAsync(b, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        }, packSize: 3) { Stable = false };
        await RunBrieflyAsync(store, wrapped, until: () => wrapped.Accepted.Count == 10);
        Assert.All(seen, Assert.Null);
        Assert.Equal(10, File.ReadAllLines(dir.File("out.jsonl")).Length);
        Assert.Equal(0, store.LoadOutboxTotals().Rows);
    }

    private static async Task RunBrieflyAsync(IStateStore store, ScriptedOutput output, Func<bool> until)
    {
        using var stop = new CancellationTokenSource();
        using var dispatcher = new Dispatcher(output, store, new OutboxGate(1000, 1 << 30), FastRetry, TimeProvider.System, NullLogger.Instance);
        var run = dispatcher.RunAsync(stop.Token);
        await WaitUntilAsync(until);
        await stop.CancelAsync();
        await run;
    }

    internal static FactorioEvent Event(string raw) =>
        new(raw, "srv", LogSourceKind.Console, "line", null, null, new Dictionary<string, string>(), null, "events", DateTimeOffset.UnixEpoch, raw, raw);
}
