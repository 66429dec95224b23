using System.Globalization;
using FactorioIsr.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>
/// <see cref="IStateStore"/> on SQLite: WAL journal, synchronous=FULL (a commit is on disk when it returns),
/// busy_timeout, versioned migrations. One connection for writes and one for reads, each behind its own lock, so
/// dispatchers read while the ingest writer commits. A corrupt file is moved aside and a fresh one started.
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore
{
    private readonly Lock _writeGate = new();
    private readonly Lock _readGate = new();
    private readonly SqliteConnection _write;
    private readonly SqliteConnection _read;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _nextSequence = new(StringComparer.Ordinal);
    private readonly RecentSegments _recent;

    private SqliteStateStore(string path, SqliteConnection write, SqliteConnection read, TimeProvider time, int recentEvents)
    {
        _recent = new RecentSegments(recentEvents);
        Location = path;
        _write = write;
        _read = read;
        _time = time;
    }

    public string Location { get; }

    /// <summary>Opens (creating, migrating or, when corrupt, replacing) the database at <paramref name="path"/>.</summary>
    /// <param name="recentEvents">
    /// Events of the newest segments kept in memory for the dispatchers (0: always read the database). Small on purpose:
    /// it serves the steady trickle (latency) from memory, while a burst's large segments, which a dispatcher reads in
    /// bulk anyway, come from the database; holding thousands of events as objects made every collection trace them
    /// (measured: 16384 held, 185-199k lines/s and ~0.8 s of pauses per million events; 1024, 208-218k and ~0.45 s).
    /// </param>
    public static SqliteStateStore Open(string path, TimeProvider time, ILogger logger, int recentEvents = 1024)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        SqliteConnection? write = null;
        try
        {
            write = OpenConnection(full);
            CheckIntegrity(write);
            SqliteMigrations.Apply(write, time);
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
            StateMetrics.CorruptRecoveries.Add(1);
            write = OpenConnection(full);
            SqliteMigrations.Apply(write, time);
        }

        var read = OpenConnection(full);
        return new SqliteStateStore(full, write, read, time, recentEvents);
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

    public void ForgetTailPositions(string server, string source, IReadOnlyList<FileIdentity> identities) => Run(_writeGate, _write, connection =>
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
        lock (_writeGate)
        {
            _write.Dispose();
        }

        lock (_readGate)
        {
            _read.Dispose();
        }
    }
}
