using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tailing;

namespace FactorioIsr.Tests.State;

/// <summary>
/// What every <see cref="IStateStore"/> must do, through the interface only. A store passes by deriving a class that
/// opens it (<see cref="SqliteStateStoreContractTests"/>); the PostgreSQL store, when it comes, derives one too.
/// </summary>
public abstract partial class StateStoreContract : IDisposable
{
    private readonly List<IStateStore> _opened = [];

    /// <summary>Opens the store under test; <paramref name="name"/> selects one of several independent stores, and
    /// opening the same name again reopens the same state.</summary>
    private protected abstract IStateStore OpenStore(string name);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IStateStore Open(string name = "main")
    {
        var store = OpenStore(name);
        _opened.Add(store);
        return store;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }
    }

    private static FactorioEvent Event(string id, string text = "x") => new(
        id, "srv", LogSourceKind.Console, "chat", "Alice", text, new Dictionary<string, string>(StringComparer.Ordinal) { ["k"] = "v" }, "chat", "chat",
        new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), "raw " + text, text);

    private static OutboxBatch Batch(params (string Destination, string Id)[] events)
    {
        var batch = new OutboxBatch();
        foreach (var (destination, id) in events)
        {
            batch.Add(destination, Event(id));
        }

        return batch;
    }

    private static TailPositionUpdate Position(string source, long offset, ulong inode = 7) =>
        new("srv", source, new TailPosition(new FileIdentity(1, inode), 3, offset, new TailCheckpoint(16, 42, 8, 99), "/logs/" + source + ".log"));

    [Fact]
    public async Task CommitIngest_EventsAndPositions_AreDurableTogether_AndSurviveAReopen()
    {
        var store = Open();
        var added = await store.CommitIngestAsync(Batch(("d1", "a"), ("d1", "b"), ("d2", "c")), [Position("console", 100)], Ct);
        Assert.Equal(3, added.Rows);
        Assert.True(added.Bytes > 0);
        store.Dispose();
        _opened.Remove(store);

        var reopened = Open();
        Assert.Equal(added, await reopened.LoadOutboxTotalsAsync(Ct));
        var position = Assert.Single(await reopened.LoadTailPositionsAsync("srv", "console", Ct));
        Assert.Equal((new FileIdentity(1, 7), 3L, 100L, new TailCheckpoint(16, 42, 8, 99)), (position.Identity, position.Epoch, position.Offset, position.Checkpoint));
        Assert.Equal(["a", "b"], (await reopened.ReadPendingAsync("d1", 0, 100, long.MaxValue, Ct)).Select(e => e.Event.Id));
        Assert.Equal(["c"], (await reopened.ReadPendingAsync("d2", 0, 100, long.MaxValue, Ct)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Events_RoundTripEveryField()
    {
        var store = Open();
        var batch = new OutboxBatch();
        var e = Event("full", "ünïcödé 💬 \"q\"\n");
        batch.Add("d", e);
        await store.CommitIngestAsync(batch, [], Ct);
        var read = Assert.Single(await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct)).Event;
        Assert.Equal(e with { Fields = read.Fields }, read);
        Assert.Equal(e.Fields, read.Fields);
    }

    [Fact]
    public async Task Sequences_IncreasePerDestination_AcrossCommits()
    {
        var store = Open();
        await store.CommitIngestAsync(Batch(("d", "a"), ("d", "b")), [], Ct);
        await store.CommitIngestAsync(Batch(("d", "c"), ("other", "x")), [], Ct);
        var pending = await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct);
        Assert.Equal(["a", "b", "c"], pending.Select(e => e.Event.Id));
        Assert.True(pending.Zip(pending.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence));
        Assert.Equal(["c"], (await store.ReadPendingAsync("d", pending[1].Sequence, 10, long.MaxValue, Ct)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task ReadPending_HonoursTheRowLimit_AndReturnsAtLeastOneRowUnderAByteLimit()
    {
        var store = Open();
        await store.CommitIngestAsync(Batch(("d", "a"), ("d", "b"), ("d", "c")), [], Ct);
        Assert.Equal(2, (await store.ReadPendingAsync("d", 0, 2, long.MaxValue, Ct)).Count);
        Assert.Single(await store.ReadPendingAsync("d", 0, 10, 1, Ct));
        Assert.Empty(await store.ReadPendingAsync("nothing-here", 0, 10, long.MaxValue, Ct));
    }

    [Fact]
    public async Task Acknowledge_RemovesTheRange_AndTotalsFall()
    {
        var store = Open();
        var added = await store.CommitIngestAsync(Batch(("d", "a"), ("d", "b"), ("d", "c")), [], Ct);
        var pending = await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct);
        var removed = await store.AcknowledgeAsync("d", pending[0].Sequence, pending[1].Sequence, Ct);
        Assert.Equal(2, removed.Rows);
        Assert.Equal(["c"], (await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct)).Select(e => e.Event.Id));
        var left = await store.LoadOutboxTotalsAsync(Ct);
        Assert.Equal((added.Rows - removed.Rows, added.Bytes - removed.Bytes), (left.Rows, left.Bytes));
    }

    [Fact]
    public async Task Batch_SavedBeforeItsFirstAttempt_IsFoundAgain_AndClearedByItsAcknowledgement()
    {
        var store = Open();
        await store.CommitIngestAsync(Batch(("d", "a"), ("d", "b"), ("d", "c")), [], Ct);
        var pending = await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct);
        Assert.Null(await store.LoadBatchAsync("d", Ct));
        await store.SaveBatchAsync("d", pending[0].Sequence, pending[1].Sequence, Ct);
        Assert.Equal((pending[0].Sequence, pending[1].Sequence), await store.LoadBatchAsync("d", Ct));
        Assert.Equal(["a", "b"], (await store.ReadRangeAsync("d", pending[0].Sequence, pending[1].Sequence, Ct)).Select(e => e.Event.Id));

        await store.RecordAttemptAsync("d", pending[0].Sequence, pending[1].Sequence, Ct);
        Assert.All(await store.ReadRangeAsync("d", pending[0].Sequence, pending[1].Sequence, Ct), e => Assert.Equal(1, e.Attempts));

        await store.AcknowledgeAndSaveAsync("d", pending[0].Sequence, pending[1].Sequence, pending[2].Sequence, pending[2].Sequence, Ct);
        Assert.Equal((pending[2].Sequence, pending[2].Sequence), await store.LoadBatchAsync("d", Ct));
        await store.AcknowledgeAsync("d", pending[2].Sequence, pending[2].Sequence, Ct);
        Assert.Null(await store.LoadBatchAsync("d", Ct));
        Assert.Equal(0, (await store.LoadOutboxTotalsAsync(Ct)).Rows);
    }

    [Fact]
    public async Task DeadLetter_MovesTheRowsWithTheReason_AndTheRestFlows()
    {
        var store = Open();
        await store.CommitIngestAsync(Batch(("d", "a"), ("d", "b")), [], Ct);
        var pending = await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct);
        var removed = await store.DeadLetterAsync("d", pending[0].Sequence, pending[0].Sequence, "400: bad body", Ct);
        Assert.Equal(1, removed.Rows);
        var letter = Assert.Single(await store.LoadDeadLettersAsync(10, Ct));
        Assert.Equal(("d", "a", "400: bad body"), (letter.Destination, letter.Event.Id, letter.Reason));
        Assert.Equal(["b"], (await store.ReadPendingAsync("d", 0, 10, long.MaxValue, Ct)).Select(e => e.Event.Id));
    }

    [Fact]
    public async Task TailPositions_ArePerSource_ReplacedPerFile_AndForgotten()
    {
        var store = Open();
        await store.CommitIngestAsync(new OutboxBatch(), [Position("console", 10), Position("current", 20, inode: 8)], Ct);
        await store.CommitIngestAsync(new OutboxBatch(), [Position("console", 30)], Ct);
        Assert.Equal(30, Assert.Single(await store.LoadTailPositionsAsync("srv", "console", Ct)).Offset);
        Assert.Equal(20, Assert.Single(await store.LoadTailPositionsAsync("srv", "current", Ct)).Offset);

        await store.ForgetTailPositionsAsync("srv", "console", [new FileIdentity(1, 7)], Ct);
        Assert.Empty(await store.LoadTailPositionsAsync("srv", "console", Ct));
        Assert.Single(await store.LoadTailPositionsAsync("srv", "current", Ct));
    }

    [Fact]
    public async Task Calls_AfterCancellation_DoNotRun()
    {
        var store = Open();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.CommitIngestAsync(Batch(("d", "a")), [], cancelled.Token));
        Assert.Equal(0, (await store.LoadOutboxTotalsAsync(Ct)).Rows);
    }

    [Fact]
    public async Task TwoStores_AreIndependent()
    {
        var one = Open("one");
        var two = Open("two");
        await one.CommitIngestAsync(Batch(("d", "a")), [], Ct);
        Assert.Equal(0, (await two.LoadOutboxTotalsAsync(Ct)).Rows);
        Assert.False(string.IsNullOrEmpty(one.Location));
        Assert.Null(one.Unusable);
    }

    [Fact]
    public async Task MonitorState_SavedPerServerAndKey_ReplacedRemoved_AndSurvivesReopen()
    {
        var store = Open("monitor");
        Assert.Null(await store.LoadMonitorStateAsync("srv", "ups_alert", Ct));

        await store.SaveMonitorStateAsync("srv", "ups_alert", "1;5;6", Ct);
        await store.SaveMonitorStateAsync("other", "ups_alert", "0;;", Ct);
        await store.SaveMonitorStateAsync("srv", "status_message", "123", Ct);
        await store.SaveMonitorStateAsync("srv", "ups_alert", "0;;6", Ct); // replaces

        Assert.Equal("0;;6", await store.LoadMonitorStateAsync("srv", "ups_alert", Ct));
        Assert.Equal("0;;", await store.LoadMonitorStateAsync("other", "ups_alert", Ct));
        Assert.Equal("123", await store.LoadMonitorStateAsync("srv", "status_message", Ct));

        await store.SaveMonitorStateAsync("srv", "status_message", null, Ct); // removes
        Assert.Null(await store.LoadMonitorStateAsync("srv", "status_message", Ct));
        await store.SaveMonitorStateAsync("srv", "never-saved", null, Ct); // removing nothing is fine

        store.Dispose();
        _opened.Remove(store);
        var reopened = Open("monitor");
        Assert.Equal("0;;6", await reopened.LoadMonitorStateAsync("srv", "ups_alert", Ct));
        Assert.Null(await reopened.LoadMonitorStateAsync("srv", "status_message", Ct));
    }
}

/// <summary>The contract against the embedded SQLite store.</summary>
public sealed class SqliteStateStoreContractTests : StateStoreContract
{
    private readonly FactorioIsr.Tests.Tailing.TempDirectory _dir = new();

    private protected override IStateStore OpenStore(string name) =>
        SqliteStateStore.Open(_dir.File(name + "/isr.db"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    [Fact]
    public void OutboxRecord_CarriesItsFormat_AndANewerFormatIsRefusedWithAClearError()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var length = OutboxCodec.Write(buffer, new FactorioEvent("id", "srv", LogSourceKind.Console, "t", null, null, EventFields.Empty, null, "events", DateTimeOffset.UnixEpoch, "raw", "raw"));
        Assert.Equal(OutboxCodec.Format, OutboxCodec.FormatOf(buffer.WrittenSpan));
        Assert.Equal(length, OutboxCodec.RecordLength(buffer.WrittenSpan));

        var newer = buffer.WrittenSpan.ToArray();
        newer[3] |= 0x10; // format 2 in the top bits of the length prefix
        Assert.Equal(length, OutboxCodec.RecordLength(newer));
        var e = Assert.Throws<StateStoreException>(() => OutboxCodec.Read(newer, new OutboxStringCache()));
        Assert.False(e.IsTransient);
        Assert.Contains("newer than this isr", e.Message, StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _dir.Dispose();
    }
}
