using System.Globalization;
using System.Text.Json;
using FactorioIsr.Delivery;
using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

internal sealed partial class SqliteStateStore
{
    private static SqliteConnection OpenConnection(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString());
        connection.Open();
        SqliteMigrations.Execute(connection, "PRAGMA busy_timeout = 5000");
        SqliteMigrations.Execute(connection, "PRAGMA journal_mode = WAL");
        SqliteMigrations.Execute(connection, "PRAGMA synchronous = FULL");
        return connection;
    }

    private static void CheckIntegrity(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        var result = command.ExecuteScalar() as string;
        if (!string.Equals(result, "ok", StringComparison.Ordinal))
        {
            throw new SqliteException($"quick_check: {result}", 11);
        }
    }

    private static T Run<T>(Lock gate, SqliteConnection connection, Func<SqliteConnection, T> action)
    {
        lock (gate)
        {
            try
            {
                return action(connection);
            }
            catch (SqliteException e)
            {
                StateMetrics.Errors.Add(1);
                throw new StateStoreException($"state store {connection.DataSource}: {e.Message}", e.SqliteErrorCode, e);
            }
        }
    }

    private long NextSequence(SqliteConnection connection, SqliteTransaction transaction, string destination)
    {
        if (_nextSequence.TryGetValue(destination, out var next))
        {
            return next;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT next_seq FROM destinations WHERE destination = $d";
        command.Parameters.AddWithValue("$d", destination);
        return command.ExecuteScalar() is long saved ? saved : 1;
    }

    private static List<OutboxEntry> ReadEntries(SqliteCommand command, string destination, long maxBytes)
    {
        using var reader = command.ExecuteReader();
        var result = new List<OutboxEntry>();
        long bytes = 0;
        while (reader.Read())
        {
            var size = reader.GetInt64(3);
            if (result.Count > 0 && bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            var entry = JsonSerializer.Deserialize(reader.GetString(1), StateJson.Default.FactorioEvent)!;
            result.Add(new OutboxEntry(reader.GetInt64(0), destination, entry, reader.GetInt32(2)));
        }

        return result;
    }

    private OutboxTotals RemoveRange(string destination, long first, long last, string? reason) => Run(_writeGate, _write, connection =>
    {
        using var transaction = connection.BeginTransaction();
        OutboxTotals removed;
        using (var totals = connection.CreateCommand())
        {
            totals.Transaction = transaction;
            totals.CommandText = "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM outbox WHERE destination = $d AND seq BETWEEN $f AND $l";
            totals.Parameters.AddWithValue("$d", destination);
            totals.Parameters.AddWithValue("$f", first);
            totals.Parameters.AddWithValue("$l", last);
            using var reader = totals.ExecuteReader();
            reader.Read();
            removed = new OutboxTotals(reader.GetInt64(0), reader.GetInt64(1));
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$l", last);
        if (reason is not null)
        {
            command.Parameters.AddWithValue("$r", reason);
            command.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            command.CommandText = """
                INSERT INTO dead_letters (destination, seq, event, reason, attempts, failed_at)
                SELECT destination, seq, event, $r, attempts + 1, $t FROM outbox WHERE destination = $d AND seq BETWEEN $f AND $l ORDER BY seq
                """;
            command.ExecuteNonQuery();
        }

        command.CommandText = """
            DELETE FROM outbox WHERE destination = $d AND seq BETWEEN $f AND $l;
            UPDATE destinations SET batch_first = NULL, batch_last = NULL WHERE destination = $d;
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
        return removed;
    });
}
