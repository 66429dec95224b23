using System.Globalization;
using System.Text.Json;
using FactorioIsr.Delivery;
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

    private SqliteStateStore(string path, SqliteConnection write, SqliteConnection read, TimeProvider time)
    {
        Location = path;
        _write = write;
        _read = read;
        _time = time;
    }

    public string Location { get; }

    /// <summary>Opens (creating, migrating or, when corrupt, replacing) the database at <paramref name="path"/>.</summary>
    public static SqliteStateStore Open(string path, TimeProvider time, ILogger logger)
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
        return new SqliteStateStore(full, write, read, time);
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

    public OutboxTotals CommitIngest(IReadOnlyList<OutboxAppend> appends, IReadOnlyList<TailPositionUpdate> positions) => Run(_writeGate, _write, connection =>
    {
        long bytes = 0;
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var assigned = new Dictionary<string, long>(StringComparer.Ordinal);
        using var transaction = connection.BeginTransaction();
        if (appends.Count > 0)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO outbox (destination, seq, event, bytes) VALUES ($d, $s, $e, $b)";
            var pd = insert.Parameters.Add("$d", SqliteType.Text);
            var ps = insert.Parameters.Add("$s", SqliteType.Integer);
            var pe = insert.Parameters.Add("$e", SqliteType.Text);
            var pb = insert.Parameters.Add("$b", SqliteType.Integer);
            insert.Prepare();
            foreach (var append in appends)
            {
                if (!assigned.TryGetValue(append.Destination, out var next))
                {
                    next = NextSequence(connection, transaction, append.Destination);
                }

                assigned[append.Destination] = next + 1;
                var json = JsonSerializer.Serialize(append.Event, StateJson.Default.FactorioEvent);
                pd.Value = append.Destination;
                ps.Value = next;
                pe.Value = json;
                pb.Value = json.Length;
                bytes += json.Length;
                insert.ExecuteNonQuery();
            }

            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                INSERT INTO destinations (destination, next_seq) VALUES ($d, $n)
                ON CONFLICT (destination) DO UPDATE SET next_seq = excluded.next_seq
                """;
            var ud = update.Parameters.Add("$d", SqliteType.Text);
            var un = update.Parameters.Add("$n", SqliteType.Integer);
            foreach (var (destination, next) in assigned)
            {
                ud.Value = destination;
                un.Value = next;
                update.ExecuteNonQuery();
            }
        }

        if (positions.Count > 0)
        {
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO tail_positions (server, source, device, inode, epoch, offset, fp_len, fp, marker_len, marker, path, updated_at)
                VALUES ($s, $src, $d, $i, $e, $o, $fl, $f, $ml, $m, $p, $t)
                ON CONFLICT (server, source, device, inode) DO UPDATE SET epoch = excluded.epoch, offset = excluded.offset,
                  fp_len = excluded.fp_len, fp = excluded.fp, marker_len = excluded.marker_len, marker = excluded.marker,
                  path = excluded.path, updated_at = excluded.updated_at
                """;
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

        transaction.Commit();
        foreach (var (destination, next) in assigned)
        {
            _nextSequence[destination] = next;
        }

        StateMetrics.Commits.Add(1);
        return new OutboxTotals(appends.Count, bytes);
    });

    public OutboxTotals LoadOutboxTotals() => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM outbox";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new OutboxTotals(reader.GetInt64(0), reader.GetInt64(1));
    });

    public IReadOnlyList<OutboxEntry> ReadPending(string destination, long afterSequence, int maxRows, long maxBytes) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, event, attempts, bytes FROM outbox WHERE destination = $d AND seq > $a ORDER BY seq LIMIT $n";
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$a", afterSequence);
        command.Parameters.AddWithValue("$n", maxRows);
        return ReadEntries(command, destination, maxBytes);
    });

    public IReadOnlyList<OutboxEntry> ReadRange(string destination, long first, long last) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, event, attempts, bytes FROM outbox WHERE destination = $d AND seq BETWEEN $f AND $l ORDER BY seq";
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$l", last);
        return ReadEntries(command, destination, long.MaxValue);
    });

    public (long First, long Last)? LoadBatch(string destination) => Run<(long, long)?>(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT batch_first, batch_last FROM destinations WHERE destination = $d AND batch_first IS NOT NULL";
        command.Parameters.AddWithValue("$d", destination);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    });

    public void SaveBatch(string destination, long first, long last) => Run(_writeGate, _write, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO destinations (destination, next_seq, batch_first, batch_last) VALUES ($d, $l + 1, $f, $l)
            ON CONFLICT (destination) DO UPDATE SET batch_first = $f, batch_last = $l
            """;
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$l", last);
        return command.ExecuteNonQuery();
    });

    public OutboxTotals Acknowledge(string destination, long first, long last) => RemoveRange(destination, first, last, reason: null);

    public OutboxTotals DeadLetter(string destination, long first, long last, string reason) => RemoveRange(destination, first, last, reason);

    public void RecordAttempt(string destination, long first, long last) => Run(_writeGate, _write, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET attempts = attempts + 1 WHERE destination = $d AND seq BETWEEN $f AND $l";
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$l", last);
        return command.ExecuteNonQuery();
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
                JsonSerializer.Deserialize(reader.GetString(2), StateJson.Default.FactorioEvent)!,
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
