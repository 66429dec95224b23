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
    private const int SequenceBits = 40;
    private const long SequenceMask = (1L << SequenceBits) - 1;

    public OutboxTotals CommitIngest(IReadOnlyList<OutboxAppend> appends, IReadOnlyList<TailPositionUpdate> positions)
    {
        var batch = new OutboxBatch();
        foreach (var append in appends)
        {
            batch.Add(append.Destination, append.Event);
        }

        return CommitIngest(batch, positions);
    }

    public OutboxTotals CommitIngest(OutboxBatch batch, IReadOnlyList<TailPositionUpdate> positions) => Write(Durability.Full, connection =>
    {
        var assigned = new List<(OutboxBatch.Segment Segment, long First, long Id)>();
        using var transaction = connection.BeginTransaction();
        var merged = ApplyDeferredAcknowledgements(connection, transaction);
        if (batch.Events > 0)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            // The blob is streamed into a zeroblob of its size: no multi-MB managed copy (large-object-heap churn). The
            // destination's tombstone (its newest segment once wholly acknowledged, kept for the sequence numbers) goes:
            // the new segment carries the boundary on. Both rows sit side by side, so both are one page.
            insert.CommandText = """
                DELETE FROM outbox_segments WHERE id >= $lo AND id < $id AND last_seq <= acked_seq;
                INSERT INTO outbox_segments (id, last_seq, acked_seq, bytes, data) VALUES ($id, $l, $a, $b, zeroblob($b));
                """;
            var plo = insert.Parameters.Add("$lo", SqliteType.Integer);
            var pid = insert.Parameters.Add("$id", SqliteType.Integer);
            var pl = insert.Parameters.Add("$l", SqliteType.Integer);
            var pa = insert.Parameters.Add("$a", SqliteType.Integer);
            var pb = insert.Parameters.Add("$b", SqliteType.Integer);
            foreach (var segment in batch.Segments)
            {
                var destination = DestinationId(connection, transaction, segment.Destination, create: true)!.Value;
                var (acked, _) = Boundary(connection, transaction, segment.Destination, destination);
                var first = NextSequence(connection, transaction, segment.Destination, destination, acked);
                var next = first + segment.Count;
                plo.Value = SegmentKey(destination, 0);
                pid.Value = SegmentKey(destination, first);
                pl.Value = next - 1;
                pa.Value = acked;
                pb.Value = segment.Data.WrittenCount;
                insert.ExecuteNonQuery();
                using (var blob = new SqliteBlob(connection, "outbox_segments", "data", SegmentKey(destination, first)))
                {
                    blob.Write(segment.Data.WrittenSpan);
                }

                assigned.Add((segment, first, destination));
            }
        }

        SavePositions(connection, transaction, positions);
        transaction.Commit();
        DeferredAcknowledgementsWritten(merged);
        foreach (var (segment, first, id) in assigned)
        {
            _destinationIds[segment.Destination] = id;
            _nextSequence[segment.Destination] = first + segment.Count;
            _recent.Add(segment.Destination, first, [.. segment.Events], [.. segment.Sizes]);
        }

        _metrics?.Commits.Add(1);
        return new OutboxTotals(batch.Events, batch.Bytes);
    }, intake: true);

    public OutboxTotals LoadOutboxTotals() => Run(_readGate, _read, connection =>
    {
        // Per segment: its rows after the boundary (its own, or an acknowledgement not written yet), bytes pro rata. The
        // acknowledgements in memory are read before the database (see Boundary).
        var deferred = _deferredAcks.IsEmpty
            ? []
            : _deferredAcks.Where(a => _destinationIds.ContainsKey(a.Key)).ToDictionary(a => _destinationIds[a.Key], a => a.Value);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, last_seq, acked_seq, bytes FROM outbox_segments WHERE last_seq > acked_seq";
        using var reader = command.ExecuteReader();
        long rows = 0;
        long bytes = 0;
        while (reader.Read())
        {
            var (id, last, acked, size) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            var first = id & SequenceMask;
            acked = Math.Max(acked, deferred.GetValueOrDefault(id >> SequenceBits));
            var n = last - first + 1;
            var a = Math.Clamp(acked - first + 1, 0, n);
            rows += n - a;
            bytes += size - (size * a / n);
        }

        return new OutboxTotals(rows, bytes);
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

    /// <summary>Durable before it returns: the first attempt, whose idempotency key is this batch, follows it.</summary>
    public void SaveBatch(string destination, long first, long last) => Write(Durability.Full, connection =>
    {
        using var transaction = connection.BeginTransaction();
        var merged = ApplyDeferredAcknowledgements(connection, transaction);
        SaveBatch(connection, transaction, destination, first, last);
        transaction.Commit();
        DeferredAcknowledgementsWritten(merged);
        _savesBatches.Add(destination);
        return 0;
    });

    /// <summary>
    /// For a destination that saves no batches (JSONL, console: they are told apart by never calling
    /// <see cref="SaveBatch(string, long, long)"/>), the acknowledgement is kept in memory and written by the next ingest
    /// commit, in its transaction (one page fewer per line), or after <see cref="AcknowledgementDelay"/> at the latest.
    /// A crash in between delivers the batch again, which those outputs recognise (JSONL skips the ids already in its
    /// file). For the others it is its own transaction, written to the WAL before this returns.
    /// </summary>
    public OutboxTotals Acknowledge(string destination, long first, long last) => Write(Durability.Deferred, connection =>
    {
        if (!SavesBatches(connection, destination))
        {
            var removed = Removed(connection, null, destination, last);
            if (_deferredAcks.IsEmpty)
            {
                (_flushTimer ??= _time.CreateTimer(_ => FlushDeferredAcknowledgements(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan))
                    .Change(AcknowledgementDelay, Timeout.InfiniteTimeSpan);
            }

            _deferredAcks[destination] = Math.Max(last, _deferredAcks.GetValueOrDefault(destination));
            _recent.Acknowledged(destination, last);
            return removed;
        }

        using var transaction = connection.BeginTransaction();
        var merged = ApplyDeferredAcknowledgements(connection, transaction);
        var total = AcknowledgeThrough(connection, transaction, destination, last);
        transaction.Commit();
        DeferredAcknowledgementsWritten(merged);
        _recent.Acknowledged(destination, last);
        return total;
    });

    public OutboxTotals AcknowledgeAndSave(string destination, long first, long last, long nextFirst, long nextLast) => Write(Durability.Full, connection =>
    {
        using var transaction = connection.BeginTransaction();
        var merged = ApplyDeferredAcknowledgements(connection, transaction);
        var removed = AcknowledgeThrough(connection, transaction, destination, last);
        SaveBatch(connection, transaction, destination, nextFirst, nextLast);
        transaction.Commit();
        DeferredAcknowledgementsWritten(merged);
        _savesBatches.Add(destination);
        _recent.Acknowledged(destination, last);
        return removed;
    });

    public void RecordAttempt(string destination, long first, long last) => Write(Durability.Deferred, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE destinations SET batch_attempts = batch_attempts + 1 WHERE destination = $d";
        command.Parameters.AddWithValue("$d", destination);
        return command.ExecuteNonQuery();
    });

    public OutboxTotals DeadLetter(string destination, long first, long last, string reason) => Write(Durability.Deferred, connection =>
    {
        using var transaction = connection.BeginTransaction();
        var merged = ApplyDeferredAcknowledgements(connection, transaction);
        var id = DestinationId(connection, transaction, destination, create: false);
        var (acked, attempts) = Boundary(connection, transaction, destination, id);
        var segments = id is { } known ? FetchSegments(connection, transaction, known, Math.Max(acked, first - 1), last, int.MaxValue) : [];
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
        DeferredAcknowledgementsWritten(merged);
        _recent.Acknowledged(destination, last);
        return removed;
    });

    /// <summary>A segment's row id: the destination's id in the high bits, the segment's first sequence in the low 40.</summary>
    private static long SegmentKey(long destination, long sequence) => (destination << SequenceBits) | Math.Min(sequence, SequenceMask);

    private void SaveBatch(SqliteConnection connection, SqliteTransaction transaction, string destination, long first, long last)
    {
        DestinationId(connection, transaction, destination, create: true, nextSequence: last + 1, acked: first - 1);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE destinations SET batch_first = $f, batch_last = $l, batch_attempts = 0 WHERE destination = $d";
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$f", first);
        command.Parameters.AddWithValue("$l", last);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The destination's id (the high bits of its segments' keys), cached: ids never change. Null for a destination
    /// never seen, unless <paramref name="create"/> (then its row is added with the given floor of sequences).
    /// </summary>
    private long? DestinationId(SqliteConnection connection, SqliteTransaction? transaction, string destination, bool create, long nextSequence = 1, long acked = 0)
    {
        if (_destinationIds.TryGetValue(destination, out var cached))
        {
            return cached;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT dest_id FROM destinations WHERE destination = $d";
        command.Parameters.AddWithValue("$d", destination);
        if (command.ExecuteScalar() is long found)
        {
            if (transaction is null)
            {
                _destinationIds[destination] = found; // committed (inside a transaction it may not be yet)
            }

            return found;
        }

        if (!create)
        {
            return null;
        }

        command.CommandText = """
            INSERT INTO destinations (destination, next_seq, acked_seq, dest_id)
            VALUES ($d, $n, $a, (SELECT COALESCE(MAX(dest_id), 0) + 1 FROM destinations)) RETURNING dest_id
            """;
        command.Parameters.AddWithValue("$n", nextSequence);
        command.Parameters.AddWithValue("$a", acked);
        // Not cached until the transaction commits: a rolled-back insert must not leave an id behind.
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The next sequence of a destination: after its newest segment (a tombstone keeps it once all is acknowledged),
    /// and never below the floor its row holds (what a version-2 database or a batch saved before any segment left).
    /// </summary>
    private long NextSequence(SqliteConnection connection, SqliteTransaction transaction, string destination, long id, long acked)
    {
        if (_nextSequence.TryGetValue(destination, out var next))
        {
            return next;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT MAX(d.next_seq, $a + 1, COALESCE((SELECT last_seq + 1 FROM outbox_segments WHERE id BETWEEN $lo AND $hi ORDER BY id DESC LIMIT 1), 0))
            FROM destinations d WHERE d.destination = $d
            """;
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$a", acked);
        command.Parameters.AddWithValue("$lo", SegmentKey(id, 0));
        command.Parameters.AddWithValue("$hi", SegmentKey(id, SequenceMask));
        return command.ExecuteScalar() is long saved ? saved : 1;
    }

    /// <summary>
    /// The acknowledged boundary (every sequence up to it is delivered) and the failed attempts of the batch in flight.
    /// The boundary lives on the destination's oldest segment (an acknowledgement moves it there), or on its row, or in
    /// memory for an acknowledgement not written yet.
    /// </summary>
    private (long Acked, int Attempts) Boundary(SqliteConnection connection, SqliteTransaction? transaction, string destination, long? id)
    {
        // Read before the database: an acknowledgement leaves memory only after the commit that wrote it, so one of the
        // two has it (read after the query, a commit in between could hide it from both).
        var pending = _deferredAcks.GetValueOrDefault(destination);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT MAX(d.acked_seq, COALESCE((SELECT acked_seq FROM outbox_segments WHERE id BETWEEN $lo AND $hi ORDER BY id LIMIT 1), 0)), d.batch_attempts
            FROM destinations d WHERE d.destination = $d
            """;
        command.Parameters.AddWithValue("$d", destination);
        command.Parameters.AddWithValue("$lo", SegmentKey(id ?? 0, 0));
        command.Parameters.AddWithValue("$hi", id is null ? -1 : SegmentKey(id.Value, SequenceMask));
        using var reader = command.ExecuteReader();
        var (acked, attempts) = reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1)) : (0L, 0);
        return (Math.Max(acked, pending), attempts);
    }

    /// <summary>
    /// Moves the boundary to <paramref name="last"/> (never back), deletes the segments wholly behind it but the newest
    /// (that one becomes an empty tombstone that keeps the sequence numbers going), writes the boundary on the oldest
    /// segment left, clears the batch. When everything is delivered all of that is one row of one page.
    /// </summary>
    private OutboxTotals AcknowledgeThrough(SqliteConnection connection, SqliteTransaction transaction, string destination, long last)
    {
        var removed = Removed(connection, transaction, destination, last);
        WriteBoundary(connection, transaction, destination, last);
        return removed;
    }

    /// <summary>The rows and bytes an acknowledgement through <paramref name="last"/> removes (nothing written).</summary>
    private OutboxTotals Removed(SqliteConnection connection, SqliteTransaction? transaction, string destination, long last)
    {
        var id = DestinationId(connection, transaction, destination, create: false);
        var (acked, _) = Boundary(connection, transaction, destination, id);
        long rows = 0;
        long bytes = 0;
        if (id is { } known)
        {
            using var command = OverlappingSegments(connection, transaction, "id - $lo, last_seq, bytes", known, acked, last);
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

        return new OutboxTotals(rows, bytes);
    }

    private void WriteBoundary(SqliteConnection connection, SqliteTransaction transaction, string destination, long last)
    {
        var id = DestinationId(connection, transaction, destination, create: false);
        if (id is { } known)
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                DELETE FROM outbox_segments WHERE id BETWEEN $lo AND $hi AND last_seq <= $l
                  AND id < (SELECT MAX(id) FROM outbox_segments WHERE id BETWEEN $lo AND $hi);
                UPDATE outbox_segments SET acked_seq = $l
                  WHERE id = (SELECT MIN(id) FROM outbox_segments WHERE id BETWEEN $lo AND $hi) AND acked_seq < $l;
                UPDATE outbox_segments SET bytes = 0, data = x''
                  WHERE id = (SELECT MAX(id) FROM outbox_segments WHERE id BETWEEN $lo AND $hi) AND last_seq <= acked_seq AND bytes > 0;
                """;
            update.Parameters.AddWithValue("$lo", SegmentKey(known, 0));
            update.Parameters.AddWithValue("$hi", SegmentKey(known, SequenceMask));
            update.Parameters.AddWithValue("$l", last);
            update.ExecuteNonQuery();
        }

        using var clear = connection.CreateCommand();
        clear.Transaction = transaction;
        // Only what changes is written: with no batch saved (JSONL, console) and the boundary on a segment, nothing here.
        clear.CommandText = """
            UPDATE destinations SET batch_first = NULL, batch_last = NULL, batch_attempts = 0
              WHERE destination = $d AND (batch_first IS NOT NULL OR batch_attempts <> 0);
            UPDATE destinations SET acked_seq = $l WHERE destination = $d AND acked_seq < $l
              AND NOT EXISTS (SELECT 1 FROM outbox_segments WHERE id BETWEEN $lo AND $hi);
            """;
        clear.Parameters.AddWithValue("$d", destination);
        clear.Parameters.AddWithValue("$l", last);
        clear.Parameters.AddWithValue("$lo", SegmentKey(id ?? 0, 0));
        clear.Parameters.AddWithValue("$hi", id is null ? -1 : SegmentKey(id.Value, SequenceMask));
        clear.ExecuteNonQuery();
    }

    /// <summary>Writes the acknowledgements kept in memory into this transaction; returns them (cleared once it commits).</summary>
    private List<KeyValuePair<string, long>>? ApplyDeferredAcknowledgements(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (_deferredAcks.IsEmpty)
        {
            return null;
        }

        var merged = _deferredAcks.ToList();
        foreach (var (destination, last) in merged)
        {
            WriteBoundary(connection, transaction, destination, last);
        }

        return merged;
    }

    private void DeferredAcknowledgementsWritten(List<KeyValuePair<string, long>>? merged)
    {
        if (merged is null)
        {
            return;
        }

        foreach (var (destination, last) in merged)
        {
            if (_deferredAcks.TryGetValue(destination, out var now) && now <= last)
            {
                _deferredAcks.TryRemove(destination, out _);
            }
        }

        if (_deferredAcks.IsEmpty)
        {
            _flushTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Whether the destination's output saves its batches (a Discord nonce): it called SaveBatch in this process, or a
    /// batch of it is saved in the database (in flight from an earlier run).
    /// </summary>
    private bool SavesBatches(SqliteConnection connection, string destination)
    {
        if (_savesBatches.Contains(destination))
        {
            return true;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM destinations WHERE destination = $d AND batch_first IS NOT NULL";
        command.Parameters.AddWithValue("$d", destination);
        if (command.ExecuteScalar() is null)
        {
            return false;
        }

        _savesBatches.Add(destination);
        return true;
    }

    /// <summary>The timer's write of acknowledgements no ingest commit took along (a quiet spell, a stop).</summary>
    private void FlushDeferredAcknowledgements()
    {
        try
        {
            Write(Durability.Deferred, connection =>
            {
                if (!_deferredAcks.IsEmpty)
                {
                    using var transaction = connection.BeginTransaction();
                    var merged = ApplyDeferredAcknowledgements(connection, transaction);
                    transaction.Commit();
                    DeferredAcknowledgementsWritten(merged);
                }

                return 0;
            });
        }
        catch (StateStoreException)
        {
            // Disk full or the like: the acknowledgements stay in memory and go with the next commit that works, or the
            // next try of this timer (losing them would only deliver those batches again).
            _flushTimer?.Change(AcknowledgementDelay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // the store closed meanwhile
        }
    }

    private List<OutboxEntry> ReadEvents(string destination, long after, long last, int maxRows, long maxBytes, bool inBatch)
    {
        List<OutboxEntry>? cached = null;
        var (from, attempts, segments) = Run(_readGate, _read, connection =>
        {
            var id = DestinationId(connection, null, destination, create: false);
            var (acked, batchAttempts) = Boundary(connection, null, destination, id);
            var from = Math.Max(after, acked);
            var attempts = inBatch ? batchAttempts : 0;
            cached = _recent.TryRead(destination, from, last, maxRows, maxBytes, attempts);
            return (from, attempts, cached is null && id is { } known ? FetchSegments(connection, null, known, from, last, maxRows) : []);
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
    private static List<(long First, byte[] Data, int Length)> FetchSegments(SqliteConnection connection, SqliteTransaction? transaction, long destination, long after, long last, int maxRows)
    {
        if (transaction is null)
        {
            // The row list and the blobs from one snapshot of the database.
            using var read = connection.BeginTransaction(deferred: true);
            return FetchSegments(connection, read, destination, after, last, maxRows);
        }

        var found = new List<(long RowId, long First, int Length)>();
        using (var command = OverlappingSegments(connection, transaction, "id, id - $lo, last_seq, bytes", destination, after, last))
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
                    throw new InvalidDataException($"outbox segment {rowId >> SequenceBits} from sequence {first}: {blob.Length} bytes stored, {length} recorded");
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

    /// <summary>
    /// A query for <paramref name="columns"/> of a destination's segments holding sequences in (after, last], in order
    /// (<c>$lo</c> is the destination's lowest key: <c>id - $lo</c> is a segment's first sequence).
    /// </summary>
    private static SqliteCommand OverlappingSegments(SqliteConnection connection, SqliteTransaction? transaction, string columns, long destination, long after, long last)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {columns} FROM outbox_segments WHERE id BETWEEN $lo AND $hi AND last_seq > $a ORDER BY id";
        command.Parameters.AddWithValue("$lo", SegmentKey(destination, 0));
        command.Parameters.AddWithValue("$hi", SegmentKey(destination, last));
        command.Parameters.AddWithValue("$a", after);
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
