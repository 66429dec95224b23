using System.Globalization;
using FactorioIsr.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>
/// <see cref="IStateStore"/> on SQLite: WAL journal, 1 KiB pages, busy_timeout, versioned migrations. Ingest commits
/// and batch saves are on disk when they return (synchronous=FULL); acknowledgements reach the disk with the next of
/// those (see <see cref="Durability"/>). One connection for writes and one for reads, each behind its own lock, so
/// dispatchers read while the ingest writer commits, and one for checkpoints in the background. A corrupt file is
/// moved aside and a fresh one started; a file deleted or replaced while open stops the intake (ingest commits).
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    private readonly Lock _writeGate = new();
    private readonly Lock _readGate = new();
    private readonly SqliteConnection _write;
    private readonly SqliteConnection _read;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _nextSequence = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _destinationIds = new(StringComparer.Ordinal);
    private readonly RecentSegments _recent;
    private readonly StateFileGuard _guard;
    private readonly WalCheckpointer _checkpointer;
    private readonly StateMetrics? _metrics;
    /// <summary>Acknowledgements not written yet (see Acknowledge): changed under the write lock, read by readers too.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _deferredAcks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _savesBatches = new(StringComparer.Ordinal);
    private Durability _durability = Durability.Full;
    private ITimer? _flushTimer;
    private bool _disposed;

    private SqliteStateStore(string path, SqliteConnection write, SqliteConnection read, TimeProvider time, ILogger logger, int recentEvents, FileIdentity opened, StateMetrics? metrics)
    {
        _metrics = metrics;
        _recent = new RecentSegments(recentEvents);
        Location = path;
        _write = write;
        _read = read;
        _time = time;
        _guard = new StateFileGuard(path, opened, logger, metrics);
        _checkpointer = new WalCheckpointer(path, OpenConnection, logger);
    }

    /// <summary>How long an acknowledgement of a destination that saves no batches waits for an ingest commit to ride in.</summary>
    public static TimeSpan AcknowledgementDelay { get; } = TimeSpan.FromSeconds(2);

    public string Location { get; }

    /// <summary>
    /// Null while the database file is the one opened; otherwise what happened to it (deleted, replaced). Checks the
    /// path (one stat), so a health probe sees it also while nothing is written. Every ingest commit fails from then on
    /// (acknowledgements go on, so what was committed before is delivered).
    /// </summary>
    public string? Lost => _guard.Lost;

    string? IStateStore.Unusable => Lost;

    /// <summary>The WAL's size now (bytes).</summary>
    internal long WalBytes => _checkpointer.WalBytes;

    /// <summary>Opens (creating, migrating or, when corrupt, replacing) the database at <paramref name="path"/>.</summary>
    /// <param name="recentEvents">
    /// Events of the newest segments kept in memory for the dispatchers (0: always read the database). Small on purpose:
    /// it serves the steady trickle (latency) from memory, while a burst's large segments, which a dispatcher reads in
    /// bulk anyway, come from the database; holding thousands of events as objects made every collection trace them
    /// (measured: 16384 held, 185-199k lines/s and ~0.8 s of pauses per million events; 1024, 208-218k and ~0.45 s).
    /// </param>
    /// <param name="metrics">The relay's state instruments; null: not measured.</param>
    /// <exception cref="StateOpenException">It cannot be opened (the message says why and what to do).</exception>
    public static SqliteStateStore Open(string path, TimeProvider time, ILogger logger, int recentEvents = 1024, StateMetrics? metrics = null)
    {
        var full = Path.GetFullPath(path);
        SqliteConnection? write = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            write = OpenOrReplaceCorrupt(full, time, logger, metrics);
            ConvertPageSize(write, full, logger);
            var read = OpenConnection(full);
            FileIdentity.TryStat(full, out var opened, out _);
            return new SqliteStateStore(full, write, read, time, logger, recentEvents, opened, metrics);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            write?.Dispose();
            throw StateStoreFailures.Open(full, e);
        }
    }

    private static SqliteConnection OpenOrReplaceCorrupt(string full, TimeProvider time, ILogger logger, StateMetrics? metrics)
    {
        SqliteConnection? write = null;
        try
        {
            write = OpenConnection(full);
            CheckIntegrity(write);
            SqliteMigrations.Apply(write, time);
            return write;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
        {
            write?.Dispose();
            var kept = $"{full}.corrupt-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                if (File.Exists(full + suffix))
                {
                    File.Move(full + suffix, kept + suffix, overwrite: true);
                }
            }

            StateLog.CorruptDatabase(logger, full, kept, e.Message);
            metrics?.CorruptRecoveries.Add(1);
            write = OpenConnection(full);
            SqliteMigrations.Apply(write, time);
            return write;
        }
        catch
        {
            write?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A database made with larger pages (16 KiB before schema 3) is rebuilt with <see cref="PageSize"/> pages while it
    /// is small (VACUUM needs about its size again in free space, and the time to copy it): WAL mode cannot change the
    /// page size, so the journal is switched to DELETE for the rebuild and back. A large one keeps its pages.
    /// </summary>
    private static void ConvertPageSize(SqliteConnection connection, string path, ILogger logger)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        var current = (long)command.ExecuteScalar()!;
        if (current == PageSize)
        {
            return;
        }

        var size = new FileInfo(path).Length + (new FileInfo(path + "-wal") is { Exists: true } wal ? wal.Length : 0);
        if (size > 64L * 1024 * 1024)
        {
            StateLog.PageSizeKept(logger, path, current, $"{size / (1024 * 1024)} MB is too large to rebuild at start");
            return;
        }

        try
        {
            SqliteMigrations.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            SqliteMigrations.Execute(connection, "PRAGMA journal_mode = DELETE");
            SqliteMigrations.Execute(connection, $"PRAGMA page_size = {PageSize}");
            SqliteMigrations.Execute(connection, "VACUUM");
            StateLog.PageSizeConverted(logger, path, PageSize);
        }
        catch (SqliteException e)
        {
            StateLog.PageSizeKept(logger, path, current, e.Message);
        }
        finally
        {
            SqliteMigrations.Execute(connection, "PRAGMA journal_mode = WAL");
        }
    }

    public IReadOnlyList<TailPosition> LoadTailPositions(string server, string source) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT device, inode, epoch, offset, fp_len, fp, marker_len, marker, path FROM tail_positions
            WHERE server = $server AND source = $source ORDER BY updated_at
            """;
        command.Parameters.AddWithValue("$server", server);
        command.Parameters.AddWithValue("$source", source);
        using var reader = command.ExecuteReader();
        var result = new List<TailPosition>();
        while (reader.Read())
        {
            result.Add(new TailPosition(
                new FileIdentity(unchecked((ulong)reader.GetInt64(0)), unchecked((ulong)reader.GetInt64(1))),
                reader.GetInt64(2),
                reader.GetInt64(3),
                new TailCheckpoint(reader.GetInt32(4), unchecked((ulong)reader.GetInt64(5)), reader.GetInt32(6), unchecked((ulong)reader.GetInt64(7))),
                reader.GetString(8)));
        }

        return result;
    });

    public void ForgetTailPositions(string server, string source, IReadOnlyList<FileIdentity> identities) => Write(Durability.Deferred, connection =>
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM tail_positions WHERE server = $s AND source = $src AND device = $d AND inode = $i";
        var d = command.Parameters.Add("$d", SqliteType.Integer);
        var i = command.Parameters.Add("$i", SqliteType.Integer);
        command.Parameters.AddWithValue("$s", server);
        command.Parameters.AddWithValue("$src", source);
        foreach (var identity in identities)
        {
            d.Value = unchecked((long)identity.Device);
            i.Value = unchecked((long)identity.Inode);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return 0;
    });

    public IReadOnlyList<DeadLetter> LoadDeadLetters(int max) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT destination, seq, event, reason, attempts, failed_at FROM dead_letters ORDER BY id LIMIT $n";
        command.Parameters.AddWithValue("$n", max);
        using var reader = command.ExecuteReader();
        var result = new List<DeadLetter>();
        while (reader.Read())
        {
            result.Add(new DeadLetter(
                reader.GetString(0),
                reader.GetInt64(1),
                Events.EventJson.Parse(reader.GetString(2)),
                reader.GetString(3),
                reader.GetInt32(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }

        return result;
    });

    public void Dispose()
    {
        FlushDeferredAcknowledgements();
        _checkpointer.Dispose();
        lock (_writeGate)
        {
            _disposed = true;
            _flushTimer?.Dispose();
            _write.Dispose();
        }

        lock (_readGate)
        {
            _read.Dispose();
        }
    }
}
