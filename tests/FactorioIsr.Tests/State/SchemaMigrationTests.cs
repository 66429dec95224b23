using System.Text.Json;
using FactorioIsr.State;
using FactorioIsr.Tests.Delivery;
using FactorioIsr.Tests.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.State;

/// <summary>Schema 2 carries a version-1 database (one JSON row per event) over to segments without losing anything.</summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public void Open_Version1Database_CarriesOutboxBatchAndPositionsOver()
    {
        using var dir = new TempDirectory();
        var path = dir.File("isr.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            SqliteMigrations.Apply(connection, TimeProvider.System, target: 1);
            using var command = connection.CreateCommand();

            // "a": 1..3 delivered and deleted; 4..9 waiting with 4..5 in flight after two failures; a gap at 7.
            // "b": everything delivered. "c": waiting, no batch.
            command.CommandText = """
                INSERT INTO destinations VALUES ('a', 10, 4, 5), ('b', 4, NULL, NULL), ('c', 3, NULL, NULL);
                INSERT INTO tail_positions VALUES ('srv', 'console', 1, 2, 7, 180, 10, 11, 12, 13, '/x/console.log', '2026-11-26T00:00:00Z');
                """;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO outbox (destination, seq, event, bytes, attempts) VALUES ($d, $s, $e, $b, $a)";
            foreach (var (destination, seq, attempts) in new[] { ("a", 4, 2), ("a", 5, 2), ("a", 6, 0), ("a", 8, 0), ("a", 9, 0), ("c", 1, 0), ("c", 2, 0) })
            {
                var json = JsonSerializer.Serialize(DispatcherTests.Event($"{destination}{seq}"), StateJson.Default.FactorioEvent);
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$d", destination);
                command.Parameters.AddWithValue("$s", seq);
                command.Parameters.AddWithValue("$e", json);
                command.Parameters.AddWithValue("$b", json.Length);
                command.Parameters.AddWithValue("$a", attempts);
                command.ExecuteNonQuery();
            }
        }

        using var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(180, Assert.Single(store.LoadTailPositions("srv", "console")).Offset);
        Assert.Equal(7, store.LoadOutboxTotals().Rows);
        Assert.Equal((4L, 5L), store.LoadBatch("a"));
        var batch = store.ReadRange("a", 4, 5);
        Assert.Equal([(4L, "a4", 2), (5L, "a5", 2)], batch.Select(e => (e.Sequence, e.Event.Raw, e.Attempts)));
        Assert.Equal([4L, 5, 6, 8, 9], store.ReadPending("a", 0, 100, 1 << 20).Select(e => e.Sequence));
        Assert.Equal(["a4", "a5", "a6", "a8", "a9"], store.ReadPending("a", 0, 100, 1 << 20).Select(e => e.Event.Raw));
        Assert.Empty(store.ReadPending("b", 0, 100, 1 << 20));
        Assert.Equal(["c1", "c2"], store.ReadPending("c", 0, 100, 1 << 20).Select(e => e.Event.Raw));

        // Sequences go on where version 1 left them, and the in-flight batch dead-letters with its attempts.
        store.CommitIngest([new OutboxAppend("a", DispatcherTests.Event("a10")), new OutboxAppend("b", DispatcherTests.Event("b4"))], []);
        Assert.Equal(10, store.ReadPending("a", 9, 100, 1 << 20)[0].Sequence);
        Assert.Equal(4, Assert.Single(store.ReadPending("b", 0, 100, 1 << 20)).Sequence);
        store.DeadLetter("a", 4, 5, "400: bad");
        Assert.All(store.LoadDeadLetters(10), d => Assert.Equal(3, d.Attempts));
        Assert.Equal(7, store.LoadOutboxTotals().Rows); // a6 a8 a9 a10, b4, c1 c2
    }

    [Fact]
    public void Open_NewerSchemaThanThisBuild_RefusesWithInstructions()
    {
        using var dir = new TempDirectory();
        var path = dir.File("isr.db");
        SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance).Dispose();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_migrations VALUES ({SqliteMigrations.Latest + 1}, 'future', '2030-01-01')";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<StateOpenException>(() => SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance));
        Assert.Contains("newer than this isr", e.Message, StringComparison.Ordinal);
    }
}
