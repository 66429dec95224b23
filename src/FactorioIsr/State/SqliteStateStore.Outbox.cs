using System.Buffers;
using System.Globalization;
using FactorioIsr.Delivery;
using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

/// <summary>
/// The outbox as segments: one row per (destination, ingest transaction) with the events encoded by
/// <see cref="OutboxCodec"/> and their first and last sequence numbers. Acknowledgement moves a per-destination
/// boundary (<c>acked_seq</c>); a segment is deleted once it is wholly behind it, and readers skip the acknowledged
/// head of a partly acknowledged one. Bytes of a partly acknowledged segment count pro rata (exact once it is gone).
/// </summary>
internal sealed partial class SqliteStateStore
{
    public OutboxTotals CommitIngest(IReadOnlyList<OutboxAppend> appends, IReadOnlyList<TailPositionUpdate> positions)
    {
        var batch = new OutboxBatch();
        foreach (var append in appends)
        {
            batch.Add(append.Destination, append.Event);
        }

        return CommitIngest(batch, positions);
    }

    public OutboxTotals CommitIngest(OutboxBatch batch, IReadOnlyList<TailPositionUpdate> positions) => Run(_writeGate, _write, connection =>
    {
        var assigned = new List<(OutboxBatch.Segment Segment, long First)>();
        using var transaction = connection.BeginTransaction();
        if (batch.Events > 0)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            // The blob is streamed into a zeroblob of its size: no multi-MB managed copy (large-object-heap churn).
            insert.CommandText = "INSERT INTO outbox_segments (destination, first_seq, last_seq, bytes, data) VALUES ($d, $f, $l, $b, zeroblob($b)) RETURNING rowid";
            var pd = insert.Parameters.Add("$d", SqliteType.Text);
            var pf = insert.Parameters.Add("$f", SqliteType.Integer);
            var pl = insert.Parameters.Add("$l", SqliteType.Integer);
            var pb = insert.Parameters.Add("$b", SqliteType.Integer);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                INSERT INTO destinations (destination, next_seq, acked_seq) VALUES ($d, $n, $f - 1)
                ON CONFLICT (destination) DO UPDATE SET next_seq = excluded.next_seq
                """;
            var ud = update.Parameters.Add("$d", SqliteType.Text);
            var un = update.Parameters.Add("$n", SqliteType.Integer);
            var uf = update.Parameters.Add("$f", SqliteType.Integer);
            foreach (var segment in batch.Segments)
            {
                var first = NextSequence(connection, transaction, segment.Destination);
                var next = first + segment.Count;
                pd.Value = ud.Value = segment.Destination;
                pf.Value = uf.Value = first;
                pl.Value = next - 1;
                pb.Value = segment.Data.WrittenCount;
                var rowid = (long)insert.ExecuteScalar()!;
                using (var blob = new SqliteBlob(connection, "outbox_segments", "data", rowid))
                {
                    blob.Write(segment.Data.WrittenSpan);
                }

                un.Value = next;
                update.ExecuteNonQuery();
                assigned.Add((segment, first));
            }
        }

        SavePositions(connection, transaction, positions);
        transaction.Commit();
        foreach (var (segment, first) in assigned)
        {
            _nextSequence[segment.Destination] = first + segment.Count;
            _recent.Add(segment.Destination, first, [.. segment.Events], [.. segment.Sizes]);
        }

        StateMetrics.Commits.Add(1);
        return new OutboxTotals(batch.Events, batch.Bytes);
    });

    public OutboxTotals LoadOutboxTotals() => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(SUM(n - a), 0), COALESCE(SUM(bytes - (bytes * a / n)), 0) FROM (
              SELECT s.last_seq - s.first_seq + 1 AS n, s.bytes AS bytes,
                MIN(MAX(COALESCE(d.acked_seq, 0) - s.first_seq + 1, 0), s.last_seq - s.first_seq + 1) AS a
              FROM outbox_segments s LEFT JOIN destinations d ON d.destination = s.destination)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new OutboxTotals(reader.GetInt64(0), reader.GetInt64(1));
    });

    public IReadOnlyList<OutboxEntry> ReadPending(string destination, long afterSequence, int maxRows, long maxBytes) =>
        ReadEvents(destination, afterSequence, long.MaxValue, maxRows, maxBytes, inBatch: false);

    public IReadOnlyList<OutboxEntry> ReadRange(string destination, long first, long last) =>
        ReadEvents(destination, first - 1, last, int.MaxValue, long.MaxValue, inBatch: true);

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
        SaveBatch(connection, null, destination, first, last);
        return 0;
    });

    public OutboxTotals Acknowledge(string destination, long first, long last) => Run(_writeGate, _write, connection =>
    {
        using var transaction = connection.BeginTransaction();
        var removed = AcknowledgeThrough(connection, transaction, destination, last);
        transaction.Commit();
        _recent.Acknowledged(destination, last);
        return removed;
    });

    public OutboxTotals AcknowledgeAndSave(string destination, long first, long last, long nextFirst, long nextLast) => Run(_writeGate, _write, connection =>
    {
        using var transaction = connection.BeginTransaction();
        var removed = AcknowledgeThrough(connection, transaction, destination, last);
        SaveBatch(connection, transaction, destination, nextFirst, nextLast);
        transaction.Commit();
        _recent.Acknowledged(destination, last);
        return removed;
    });

    public void RecordAttempt(string destination, long first, long last) => Run(_writeGate, _write, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE destinations SET batch_attempts = batch_attempts + 1 WHERE destination = $d";
        command.Parameters.AddWithValue("$d", destination);
        return command.ExecuteNonQuery();
    });

    public OutboxTotals DeadLetter(string destination, long first, long last, string reason) => Run(_writeGate, _write, connection =>
    {
        using var transaction = connection.BeginTransaction();
        var (acked, attempts) = Boundary(connection, transaction, destination);
        var segments = FetchSegments(connection, transaction, destination, Math.Max(acked, first - 1), last, int.MaxValue);
        try
        {
            var entries = Decode(segments, destination, Math.Max(acked, first - 1), last, int.MaxValue, long.MaxValue, 0);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO dead_letters (destination, seq, event, reason, attempts, failed_at) VALUES ($d, $s, $e, $r, $a, $t)";
            insert.Parameters.AddWithValue("$d", destination);
            insert.Parameters.AddWithValue("$r", reason);
            insert.Parameters.AddWithValue("$a", attempts + 1);
            insert.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            var ps = insert.Parameters.Add("$s", SqliteType.Integer);
            var pe = insert.Parameters.Add("$e", SqliteType.Text);
            foreach (var entry in entries)
            {
                ps.Value = entry.Sequence;
                pe.Value = Events.EventJson.ToJson(entry.Event);
                insert.ExecuteNonQuery();
            }
        }
        finally
        {
            Return(segments);
        }

        var removed = AcknowledgeThrough(connection, transaction, destination, last);
        transaction.Commit();
        _recent.Acknowledged(destination, last);
        return removed;
    });

    private static void SaveBatch(SqliteConnection connection, SqliteTransaction? transaction, string destination, long first, long last)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO destinations (destination, next_seq, acked_seq, batch_first, batch_last) VALUES ($d, $l + 1, $f - 1, $f, $l)
            ON CONFLICT (destination) DO UPDATE SET batch_first = $f, batch_last = $l, batch_attempts = 0
            """;
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$l", last);
        command.ExecuteNonQuery();
    }

    private static (long Acked, int Attempts) Boundary(SqliteConnection connection, SqliteTransaction? transaction, string destination)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT acked_seq, batch_attempts FROM destinations WHERE destination = $d";
        command.Parameters.AddWithValue("$d", destination);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1)) : (0, 0);
    }

    /// <summary>Moves the boundary to <paramref name="last"/> (never back), deletes what is wholly behind it, clears the batch.</summary>
    private static OutboxTotals AcknowledgeThrough(SqliteConnection connection, SqliteTransaction transaction, string destination, long last)
    {
        var (acked, _) = Boundary(connection, transaction, destination);
        long rows = 0;
        long bytes = 0;
        using (var command = OverlappingSegments(connection, transaction, "first_seq, last_seq, bytes", destination, acked, last))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (f, l, b) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
                var n = l - f + 1;
                var before = Math.Clamp(acked - f + 1, 0, n);
                var after = Math.Clamp(last - f + 1, 0, n);
                rows += after - before;
                bytes += (b * after / n) - (b * before / n);
            }
        }

        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            DELETE FROM outbox_segments WHERE destination = $d AND last_seq <= $l;
            UPDATE destinations SET acked_seq = MAX(acked_seq, $l), batch_first = NULL, batch_last = NULL, batch_attempts = 0 WHERE destination = $d;
            """;
        update.Parameters.AddWithValue("$d", destination);
        update.Parameters.AddWithValue("$l", last);
        update.ExecuteNonQuery();
        return new OutboxTotals(rows, bytes);
    }

    private List<OutboxEntry> ReadEvents(string destination, long after, long last, int maxRows, long maxBytes, bool inBatch)
    {
        List<OutboxEntry>? cached = null;
        var (from, attempts, segments) = Run(_readGate, _read, connection =>
        {
            var (acked, batchAttempts) = Boundary(connection, null, destination);
            var from = Math.Max(after, acked);
            var attempts = inBatch ? batchAttempts : 0;
            cached = _recent.TryRead(destination, from, last, maxRows, maxBytes, attempts);
            return (from, attempts, cached is null ? FetchSegments(connection, null, destination, from, last, maxRows) : []);
        });

        if (cached is not null)
        {
            return cached;
        }

        try
        {
            return Decode(segments, destination, from, last, maxRows, maxBytes, attempts);
        }
        finally
        {
            Return(segments);
        }
    }

    /// <summary>
    /// The segments holding sequences in (after, last], in order, copied to pooled buffers, enough for maxRows.
    /// Read by incremental blob I/O: the data reader would copy each blob into a new array of its own first (segments
    /// are hundreds of KB, so large-object-heap allocations, each bringing a full collection closer).
    /// </summary>
    private static List<(long First, byte[] Data, int Length)> FetchSegments(SqliteConnection connection, SqliteTransaction? transaction, string destination, long after, long last, int maxRows)
    {
        if (transaction is null)
        {
            // The row list and the blobs from one snapshot of the database.
            using var read = connection.BeginTransaction(deferred: true);
            return FetchSegments(connection, read, destination, after, last, maxRows);
        }

        var found = new List<(long RowId, long First, int Length)>();
        using (var command = OverlappingSegments(connection, transaction, "rowid, first_seq, last_seq, bytes", destination, after, last))
        {
            using var reader = command.ExecuteReader();
            long rows = 0;
            while (rows < maxRows && reader.Read())
            {
                var first = reader.GetInt64(1);
                found.Add((reader.GetInt64(0), first, reader.GetInt32(3)));
                rows += Math.Min(last, reader.GetInt64(2)) - Math.Max(after + 1, first) + 1;
            }
        }

        var result = new List<(long, byte[], int)>(found.Count);
        try
        {
            foreach (var (rowId, first, length) in found)
            {
                var data = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
                result.Add((first, data, length));
                using var blob = new SqliteBlob(connection, "outbox_segments", "data", rowId, readOnly: true);
                if (blob.Length != length)
                {
                    throw new InvalidDataException($"outbox segment of {destination} from sequence {first}: {blob.Length} bytes stored, {length} recorded");
                }

                blob.ReadExactly(data, 0, length);
            }
        }
        catch
        {
            Return(result);
            throw;
        }

        return result;
    }

    private static List<OutboxEntry> Decode(List<(long First, byte[] Data, int Length)> segments, string destination, long after, long last, int maxRows, long maxBytes, int attempts)
    {
        var result = new List<OutboxEntry>();
        var cache = new OutboxStringCache();
        long bytes = 0;
        foreach (var (first, data, length) in segments)
        {
            var at = 0;
            for (var seq = first; at < length && seq <= last; seq++)
            {
                var record = data.AsSpan(at, length - at);
                var size = OutboxCodec.RecordLength(record);
                at += size;
                if (seq <= after)
                {
                    continue;
                }

                if (result.Count >= maxRows || (result.Count > 0 && bytes + size > maxBytes))
                {
                    return result;
                }

                bytes += size;
                result.Add(new OutboxEntry(seq, destination, OutboxCodec.Read(record, cache), attempts));
            }
        }

        return result;
    }

    /// <summary>A query for <paramref name="columns"/> of a destination's segments holding sequences in (after, last], in order.</summary>
    private static SqliteCommand OverlappingSegments(SqliteConnection connection, SqliteTransaction? transaction, string columns, string destination, long after, long last)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {columns} FROM outbox_segments WHERE destination = $d AND last_seq > $a AND first_seq <= $l ORDER BY first_seq";
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$a", after);
        command.Parameters.AddWithValue("$l", last);
        return command;
    }

    private static void Return(List<(long First, byte[] Data, int Length)> segments)
    {
        foreach (var (_, data, _) in segments)
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }
}
