using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

internal sealed partial class SqliteStateStore
{
    /// <summary>Page size of new databases (see <see cref="OpenConnection"/>).</summary>
    internal const int PageSize = 1024;

    /// <summary>A background checkpoint starts when the WAL is larger than this.</summary>
    internal const long CheckpointBytes = 1024 * 1024;

    /// <summary>What the WAL is cut back to after a checkpoint, and the point past which a checkpoint truncates it.</summary>
    internal const long WalLimitBytes = 4 * 1024 * 1024;

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

        // Every page a transaction changes is a whole frame in the WAL and, fsynced, whole 4 KiB blocks on the disk: at
        // low rates a commit changes 1-2 pages, so the page size is the cost of a commit (16 KiB pages made a relayed
        // line cost ~124 KiB of writes). 1 KiB pages for new databases (an existing one is converted at open while it
        // is small, see ConvertPageSize).
        SqliteMigrations.Execute(connection, $"PRAGMA page_size = {PageSize}");
        SqliteMigrations.Execute(connection, "PRAGMA journal_mode = WAL");

        // Checkpoints run on a connection of their own in the background once the WAL passes CheckpointBytes (see
        // WalCheckpointer); the automatic one (in the committing thread, after the commit) is only a backstop. The WAL is cut
        // back to WalLimitBytes when it restarts.
        SqliteMigrations.Execute(connection, $"PRAGMA wal_autocheckpoint = {WalLimitBytes / PageSize}");
        SqliteMigrations.Execute(connection, $"PRAGMA journal_size_limit = {WalLimitBytes}");
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

    private T Run<T>(Lock gate, SqliteConnection connection, Func<SqliteConnection, T> action)
    {
        lock (gate)
        {
            try
            {
                return action(connection);
            }
            catch (SqliteException e)
            {
                _metrics?.Errors.Add(1);
                throw Failure(e);
            }
        }
    }

    /// <summary>
    /// SQLite's primary result codes that a retry can get past: BUSY (5), LOCKED (6), NOMEM (7), READONLY (8),
    /// INTERRUPT (9), IOERR (10), FULL (13), CANTOPEN (14), PROTOCOL (15). CORRUPT (11), NOTADB (26), SCHEMA and the
    /// rest need a person.
    /// </summary>
    internal static bool IsTransient(int sqliteErrorCode) => (sqliteErrorCode & 0xFF) is 5 or 6 or 7 or 8 or 9 or 10 or 13 or 14 or 15;

    /// <summary>
    /// A write transaction. <see cref="Durability.Full"/>: on disk when this returns (the WAL is fsynced).
    /// <see cref="Durability.Deferred"/>: in the WAL (a crash of the process loses nothing), on disk with the next full
    /// commit or checkpoint (a power cut can lose it: see docs/tailing.md for why that is allowed where it is used).
    /// Before an ingest commit (<paramref name="intake"/>) the database file is checked to be still the one open: nothing
    /// new is taken in once it is gone, while acknowledgements go on into the open file, so what was committed before
    /// is still delivered once. After it, the WAL's size decides a checkpoint.
    /// </summary>
    private T Write<T>(Durability durability, Func<SqliteConnection, T> action, bool intake = false) => Run(_writeGate, _write, connection =>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (intake)
        {
            _guard.ThrowIfLost();
        }

        if (durability != _durability)
        {
            SqliteMigrations.Execute(connection, durability == Durability.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            _durability = durability;
        }

        T result;
        try
        {
            result = action(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 10 or 13)
        {
            // Disk full or failing: a checkpoint that truncates the WAL gives its space back (the next retry may fit).
            _checkpointer.Request(truncate: true);
            throw;
        }

        if (_checkpointer.AfterWrite())
        {
            // Past the limit (sustained load: commits back to back never leave a passive checkpoint a moment to catch
            // up and reset the WAL): the writer checkpoints the whole WAL itself and restarts it, so the WAL stays
            // under WalLimitBytes plus one transaction. A pause of the writer under load only; never at low rates.
            try
            {
                SqliteMigrations.Execute(connection, "PRAGMA wal_checkpoint(RESTART)");
            }
            catch (SqliteException)
            {
                // busy (a reader held on past busy_timeout) or full: the next commit tries again
            }
        }

        return result;
    });

    /// <summary>The store's error for a failed SQLite call, saying read-only where the file system is.</summary>
    private StateStoreException Failure(SqliteException e)
    {
        var reason = StateFileSystem.Explain(Location, e);
        return new StateStoreException($"state store {Location}: {reason}", IsTransient(e.SqliteErrorCode), e);
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
