using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Delivery;
using FactorioIsr.Tests.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.State;

/// <summary>
/// Issue #11 item 4: what the state costs on disk. The WAL stays small (checkpoints in the background, truncated when
/// large), a 16 MB disk is enough and a full one recovers by itself, and an older database gets the small pages.
/// </summary>
public sealed class StateCostTests
{
    private static TailPositionUpdate Position(long offset) =>
        new("srv", "console", new TailPosition(new FileIdentity(1, 2), 0, offset, new TailCheckpoint(0, 0, 0, 0), "/x/console.log"));

    [Fact]
    public async Task CommitAndAcknowledge_OneEventAtATime_WalStaysUnder8MB()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        long largest = 0;
        for (var i = 1; i <= 300; i++)
        {
            store.CommitIngest([new OutboxAppend("jsonl", DispatcherTests.Event($"line {i} " + new string('x', 80)))], [Position(i * 100)]);
            store.Acknowledge("jsonl", i, i);
            largest = Math.Max(largest, new FileInfo(dir.File("isr.db-wal")).Length);
            if (i % 50 == 0)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken); // a background checkpoint gets its turn
            }
        }

        // With 16 KiB pages, 7 of them written per event and a checkpoint every 64 MB, this WAL reached ~33 MB.
        Assert.True(largest < 8 * 1024 * 1024, $"the WAL reached {largest} bytes");
        Assert.Equal(0, store.LoadOutboxTotals().Rows);
        Assert.Equal(30_000, Assert.Single(store.LoadTailPositions("srv", "console")).Offset);
    }

    [Fact]
    public async Task Relay_On16MegabyteDisk_ManySmallCommitsFitAndAFullDiskRecovers()
    {
        using var dir = new TempDirectory();
        using var disk = new TmpfsDirectory(dir.File("state"), "16m");
        var log = dir.File("console.log");
        File.WriteAllText(log, string.Empty);
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();

        // Small commits, one after another (each ~124 KiB of WAL before, which filled 16 MB after ~130 of them).
        const int Small = 400;
        for (var i = 0; i < Small; i++)
        {
            TailerHarness.Append(log, StateFailureTests.Lines(i, 1));
            await h.WaitForRecordsAsync(i + 1);
        }

        Assert.Null(h.Pipeline.StateError);
        Assert.True(new FileInfo(dir.File("state/isr.db-wal")).Length < 8 * 1024 * 1024);

        // Then the disk fills up (another program): reading stops, and resumes by itself once the space is back.
        var filler = Path.Combine(disk.Path, "filler");
        int written;
        try
        {
            StateFailureTests.Fill(filler);
            written = await StateFailureTests.BlockedUntilErrorAsync(h, log, Small);
        }
        finally
        {
            File.Delete(filler);
        }

        await StateFailureTests.AssertRecoversAsync(h, written);
        await h.StopAsync();
    }

    [Fact]
    public void Open_Version2DatabaseWith16KiBPages_IsRebuiltWithSmallPagesKeepingEverything()
    {
        using var dir = new TempDirectory();
        var path = dir.File("isr.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            SqliteMigrations.Execute(connection, "PRAGMA page_size = 16384");
            SqliteMigrations.Execute(connection, "PRAGMA journal_mode = WAL");
            SqliteMigrations.Apply(connection, TimeProvider.System, target: 2);
            var data = new System.Buffers.ArrayBufferWriter<byte>();
            var bytes = OutboxCodec.Write(data, DispatcherTests.Event("a1")) + OutboxCodec.Write(data, DispatcherTests.Event("a2")) + OutboxCodec.Write(data, DispatcherTests.Event("a3"));
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO tail_positions VALUES ('srv', 'console', 1, 2, 0, 42, 0, 0, 0, 0, '/x/console.log', '2026-11-26T00:00:00Z');
                INSERT INTO destinations (destination, next_seq, acked_seq) VALUES ('a', 8, 4);
                INSERT INTO outbox_segments VALUES ('a', 4, 6, $b, $data);
                """;
            command.Parameters.AddWithValue("$b", bytes);
            command.Parameters.AddWithValue("$data", data.WrittenSpan.ToArray());
            command.ExecuteNonQuery();
        }

        Assert.Equal(16384L, PageSize(path));
        using var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(1024L, PageSize(path));
        Assert.Equal([(5L, "a2"), (6L, "a3")], store.ReadPending("a", 0, 10, 1 << 20).Select(e => (e.Sequence, e.Event.Raw)));
        Assert.Equal(2, store.LoadOutboxTotals().Rows);
        Assert.Equal(42, Assert.Single(store.LoadTailPositions("srv", "console")).Offset);
        store.CommitIngest([new OutboxAppend("a", DispatcherTests.Event("a8"))], []);
        Assert.Equal([5L, 6, 8], store.ReadPending("a", 0, 10, 1 << 20).Select(e => e.Sequence));
        store.Acknowledge("a", 5, 8);
        Assert.Equal(0, store.LoadOutboxTotals().Rows);
    }

    [Fact]
    public void Acknowledge_DestinationThatSavesNoBatches_RidesInTheNextIngestCommitOrTheTimer()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var store = SqliteStateStore.Open(dir.File("isr.db"), time, NullLogger.Instance);
        store.CommitIngest([new OutboxAppend("jsonl", DispatcherTests.Event("e1"))], [Position(10)]);
        var wal = store.WalBytes;

        Assert.Equal(new OutboxTotals(1, DispatcherTests.Event("e1") is var e ? Bytes(e) : 0), store.Acknowledge("jsonl", 1, 1));
        Assert.Equal(wal, store.WalBytes); // nothing written yet
        Assert.Equal(1, Unacknowledged(dir));
        Assert.Empty(store.ReadPending("jsonl", 1, 10, 1 << 20));

        // The next ingest commit carries it: one transaction, the old segment gone on the page the new one goes to.
        store.CommitIngest([new OutboxAppend("jsonl", DispatcherTests.Event("e2"))], [Position(20)]);
        Assert.Equal(1, Unacknowledged(dir));
        Assert.Equal(1, Rows(dir));
        Assert.Equal(1, store.LoadOutboxTotals().Rows);

        // With no ingest commit to ride in, the timer writes it.
        store.Acknowledge("jsonl", 2, 2);
        Assert.Equal(1, Unacknowledged(dir));
        time.Advance(SqliteStateStore.AcknowledgementDelay);
        Assert.Equal(0, Unacknowledged(dir));
        Assert.Equal(0, store.LoadOutboxTotals().Rows);
    }

    [Fact]
    public void Acknowledge_DestinationThatSavesBatches_IsWrittenAtOnce()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), new FakeTimeProvider(DateTimeOffset.UnixEpoch), NullLogger.Instance);
        store.CommitIngest([new OutboxAppend("discord:channel:1", DispatcherTests.Event("e1"))], []);
        store.SaveBatch("discord:channel:1", 1, 1);
        store.Acknowledge("discord:channel:1", 1, 1);
        Assert.Equal(0, Unacknowledged(dir));
        Assert.Null(store.LoadBatch("discord:channel:1"));
    }

    private static int Bytes(FactorioIsr.Events.FactorioEvent e) => OutboxCodec.Write(new System.Buffers.ArrayBufferWriter<byte>(), e);

    private static long Unacknowledged(TempDirectory dir) => Scalar(dir, "SELECT COUNT(*) FROM outbox_segments WHERE last_seq > acked_seq");

    private static long Rows(TempDirectory dir) => Scalar(dir, "SELECT COUNT(*) FROM outbox_segments");

    private static long Scalar(TempDirectory dir, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={dir.File("isr.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static long PageSize(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)command.ExecuteScalar()!;
    }
}
