using System.Globalization;
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

        // Outbox segments are blobs of a few MB: 16 KiB pages write them with a quarter of the page overhead of the
        // default 4 KiB (a no-op for an existing database), and a checkpoint every 4000 pages (64 MB of WAL) copies
        // the pages of segments that were written and freed in between only once.
        SqliteMigrations.Execute(connection, "PRAGMA page_size = 16384");
        SqliteMigrations.Execute(connection, "PRAGMA journal_mode = WAL");
        SqliteMigrations.Execute(connection, "PRAGMA wal_autocheckpoint = 4000");
        SqliteMigrations.Execute(connection, "PRAGMA journal_size_limit = 67108864");
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
                throw new StateStoreException($"state store {connection.DataSource}: {e.Message}", IsTransient(e.SqliteErrorCode), e);
            }
        }
    }

    /// <summary>
    /// SQLite's primary result codes that a retry can get past: BUSY (5), LOCKED (6), NOMEM (7), READONLY (8),
    /// INTERRUPT (9), IOERR (10), FULL (13), CANTOPEN (14), PROTOCOL (15). CORRUPT (11), NOTADB (26), SCHEMA and the
    /// rest need a person.
    /// </summary>
    internal static bool IsTransient(int sqliteErrorCode) => (sqliteErrorCode & 0xFF) is 5 or 6 or 7 or 8 or 9 or 10 or 13 or 14 or 15;

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

    private void SavePositions(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<TailPositionUpdate> positions)
    {
        if (positions.Count == 0)
        {
            return;
        }

        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO tail_positions (server, source, device, inode, epoch, offset, fp_len, fp, marker_len, marker, path, updated_at)
            VALUES ($s, $src, $d, $i, $e, $o, $fl, $f, $ml, $m, $p, $t)
            ON CONFLICT (server, source, device, inode) DO UPDATE SET epoch = excluded.epoch, offset = excluded.offset,
              fp_len = excluded.fp_len, fp = excluded.fp, marker_len = excluded.marker_len, marker = excluded.marker,
              path = excluded.path, updated_at = excluded.updated_at
            """;
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var (server, source, p) in positions)
        {
            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("$s", server);
            upsert.Parameters.AddWithValue("$src", source);
            upsert.Parameters.AddWithValue("$d", unchecked((long)p.Identity.Device));
            upsert.Parameters.AddWithValue("$i", unchecked((long)p.Identity.Inode));
            upsert.Parameters.AddWithValue("$e", p.Epoch);
            upsert.Parameters.AddWithValue("$o", p.Offset);
            upsert.Parameters.AddWithValue("$fl", p.Checkpoint.FingerprintLength);
            upsert.Parameters.AddWithValue("$f", unchecked((long)p.Checkpoint.Fingerprint));
            upsert.Parameters.AddWithValue("$ml", p.Checkpoint.MarkerLength);
            upsert.Parameters.AddWithValue("$m", unchecked((long)p.Checkpoint.Marker));
            upsert.Parameters.AddWithValue("$p", p.Path);
            upsert.Parameters.AddWithValue("$t", now);
            upsert.ExecuteNonQuery();
        }
    }
}
