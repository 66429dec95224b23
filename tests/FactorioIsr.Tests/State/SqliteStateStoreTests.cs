using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Delivery;
using FactorioIsr.Tests.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.State;

public sealed class SqliteStateStoreTests
{
    private static TailPositionUpdate Position(ulong inode, long offset) =>
        new("srv", "console", new TailPosition(new FileIdentity(1, inode), 7, offset, new TailCheckpoint(10, 11, 12, 13), "/x/console.log"));

    [Fact]
    public void Open_NewFile_AppliesMigrationsInWalMode()
    {
        using var dir = new TempDirectory();
        var path = dir.File("data/isr.db");
        SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance).Dispose();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_migrations";
        Assert.Equal((long)SqliteMigrations.Latest, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA page_size";
        Assert.Equal(1024L, command.ExecuteScalar()); // a commit writes whole pages: small ones at low rates (docs/tailing.md)
    }

    [Fact]
    public void Open_CorruptFile_KeepsCopyAndStartsFresh()
    {
        using var dir = new TempDirectory();
        var path = dir.File("isr.db");
        File.WriteAllText(path, "this is not a database, just garbage that happens to be long enough to have a header");
        using var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(0, store.LoadOutboxTotals().Rows);
        var kept = Assert.Single(Directory.GetFiles(dir.Path, "isr.db.corrupt-*"));
        Assert.StartsWith("this is not a database", File.ReadAllText(kept), StringComparison.Ordinal);
        store.CommitIngest([new OutboxAppend("jsonl", DispatcherTests.Event("a"))], []);
        Assert.Equal(1, store.LoadOutboxTotals().Rows);
    }

    [Fact]
    public void CommitIngest_PositionsAndRows_SurviveReopenWithSequencesNeverReused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("isr.db");
        using (var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance))
        {
            store.CommitIngest([new("a", DispatcherTests.Event("1")), new("a", DispatcherTests.Event("2")), new("b", DispatcherTests.Event("3"))], [Position(5, 100)]);
            store.CommitIngest([], [Position(5, 180)]);
            var pending = store.ReadPending("a", 0, 10, 1 << 20);
            Assert.Equal([1L, 2L], pending.Select(e => e.Sequence));
            store.Acknowledge("a", 1, 2);
        }

        using (var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance))
        {
            var position = Assert.Single(store.LoadTailPositions("srv", "console"));
            Assert.Equal(180, position.Offset);
            Assert.Equal(new TailCheckpoint(10, 11, 12, 13), position.Checkpoint);
            Assert.Equal(7, position.Epoch);
            store.CommitIngest([new("a", DispatcherTests.Event("4"))], []);
            Assert.Equal(3, Assert.Single(store.ReadPending("a", 0, 10, 1 << 20)).Sequence);
            Assert.Equal(new OutboxTotals(2, store.LoadOutboxTotals().Bytes), store.LoadOutboxTotals());
        }
    }

    [Fact]
    public void DeadLetter_Range_MovesRowsWithReason()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        store.CommitIngest([new("a", DispatcherTests.Event("1")), new("a", DispatcherTests.Event("2"))], []);
        store.SaveBatch("a", 1, 1);
        Assert.Equal((1L, 1L), store.LoadBatch("a"));
        var removed = store.DeadLetter("a", 1, 1, "400: bad");
        Assert.Equal(1, removed.Rows);
        Assert.Null(store.LoadBatch("a"));
        Assert.Equal("400: bad", Assert.Single(store.LoadDeadLetters(10)).Reason);
        Assert.Equal("2", Assert.Single(store.ReadPending("a", 0, 10, 1 << 20)).Event.Raw);
    }
}
