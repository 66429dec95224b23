using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.Patterns;
using FactorioIsr.Patterns.ModEvents;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Integrations;

/// <summary>
/// The mod's numbered files into the durable outbox: follower -> ingest writer (mod line parser) -> SQLite, stopped
/// and started again, as the relay will run them: each line once across restarts and rollovers.
/// </summary>
public sealed class ModIngestDurabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Line(long tick, string player) => $"{{\"v\":1,\"tick\":{tick},\"type\":\"player_died\",\"player\":\"{player}\",\"cause_name\":\"small-biter\"}}\n";

    /// <summary>One run: reads until <paramref name="expectedRows"/> rows are in the outbox, then stops gracefully.</summary>
    private async Task RunAsync(PatternSet patterns, long expectedRows)
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = SqliteStateStore.Open(_dir.Combine("state/isr.db"), TimeProvider.System, NullLogger.Instance);
        var channel = new IngestChannel(16);
        var ingest = new ServerIngest("srv", ModLineParser.Create(patterns, TimeProvider.System), _ => [], new HashSet<string> { "jsonl" }, ["jsonl"]);
        var source = new TailSource("srv", "mod", _dir.Combine("isr"), TailStartAt.Beginning);
        var saved = store.LoadTailPositions("srv", "mod");
        var follower = new NumberedFileFollower(
            source, FactorioIsr.Tests.Tailing.TailerHarness.FastOptions, saved, channel.LinesFor(ingest), TimeProvider.System, NullLogger.Instance,
            (s, forgotten) => store.ForgetTailPositions(s.Server, s.Source, [.. forgotten.Select(p => p.Identity)]));
        var writer = new IngestWriter(channel.Reader, store, new OutboxGate(1_000_000, 1L << 30), TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => follower.RunAsync(stop.Token), ct);
        var writing = Task.Run(() => writer.RunAsync(ct), ct);
        var until = Environment.TickCount64 + 20_000;
        while (store.LoadOutboxTotals().Rows < expectedRows && Environment.TickCount64 < until)
        {
            await Task.Delay(20, ct);
        }

        await Task.Delay(200, ct); // a wrong extra line would arrive now
        await stop.CancelAsync();
        await reading;
        channel.Complete();
        await writing;
    }

    private List<string> Players()
    {
        using var store = SqliteStateStore.Open(_dir.Combine("state/isr.db"), TimeProvider.System, NullLogger.Instance);
        return [.. store.ReadPending("jsonl", 0, 10_000, 1L << 30).Select(e => e.Event.Player!)];
    }

    [Fact]
    public async Task RestartsAndRollovers_EachLineOnce_InTheModsOrder()
    {
        var (patterns, _) = PatternSet.Load(Path.Combine(RepositoryRoot.Path, "patterns"));
        var isr = Directory.CreateDirectory(_dir.Combine("isr")).FullName;
        File.WriteAllText(Path.Combine(isr, "events-1.jsonl"), Line(1, "a1") + Line(2, "a2") + "{\"v\":1,\"tick\":3,\"type\":\"player_di\n" + Line(4, "a3"));
        await RunAsync(patterns!, 3);
        Assert.Equal(["a1", "a2", "a3"], Players());

        // While isr is stopped: the mod appends, rolls over to events-2 and then events-3.
        File.AppendAllText(Path.Combine(isr, "events-1.jsonl"), Line(5, "a4"));
        File.WriteAllText(Path.Combine(isr, "events-2.jsonl"), Line(6, "b1") + Line(7, "b2"));
        File.WriteAllText(Path.Combine(isr, "events-3.jsonl"), Line(8, "c1"));
        File.SetLastWriteTimeUtc(Path.Combine(isr, "events-2.jsonl"), File.GetLastWriteTimeUtc(Path.Combine(isr, "events-1.jsonl")).AddSeconds(1));
        File.SetLastWriteTimeUtc(Path.Combine(isr, "events-3.jsonl"), File.GetLastWriteTimeUtc(Path.Combine(isr, "events-1.jsonl")).AddSeconds(2));
        await RunAsync(patterns!, 7);
        Assert.Equal(["a1", "a2", "a3", "a4", "b1", "b2", "c1"], Players());

        // And once more with nothing new: nothing is read twice.
        await RunAsync(patterns!, 7);
        Assert.Equal(7, Players().Count);
    }
}
