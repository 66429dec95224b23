using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

/// <summary>
/// Schema 2: carries a version-1 outbox (one JSON row per event) over to segments. Each run of consecutive sequence
/// numbers of a destination becomes segments of at most <see cref="MaxSegmentEvents"/> events; the acknowledged
/// boundary is what version 1 had already deleted; the failed attempts of the batch in flight are kept.
/// </summary>
internal static class OutboxMigration
{
    public const int MaxSegmentEvents = 8192;

    public static void FromRows(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteMigrations.Execute(connection, """
            INSERT OR IGNORE INTO destinations (destination, next_seq)
              SELECT destination, MAX(seq) + 1 FROM outbox GROUP BY destination;
            UPDATE destinations SET acked_seq = COALESCE((SELECT MIN(seq) - 1 FROM outbox o WHERE o.destination = destinations.destination), next_seq - 1);
            UPDATE destinations SET batch_attempts = COALESCE((SELECT MAX(attempts) FROM outbox o WHERE o.destination = destinations.destination
              AND o.seq BETWEEN destinations.batch_first AND destinations.batch_last), 0);
            """, transaction);

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO outbox_segments (destination, first_seq, last_seq, bytes, data) VALUES ($d, $f, $l, $b, $data)";
        var pd = insert.Parameters.Add("$d", SqliteType.Text);
        var pf = insert.Parameters.Add("$f", SqliteType.Integer);
        var pl = insert.Parameters.Add("$l", SqliteType.Integer);
        var pb = insert.Parameters.Add("$b", SqliteType.Integer);
        var pdata = insert.Parameters.Add("$data", SqliteType.Blob);

        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT destination, seq, event FROM outbox ORDER BY destination, seq";
        using var reader = select.ExecuteReader();
        var data = new ArrayBufferWriter<byte>(64 * 1024);
        string? destination = null;
        long first = 0;
        long last = 0;
        long bytes = 0;

        void Flush()
        {
            if (destination is null || data.WrittenCount == 0)
            {
                return;
            }

            pd.Value = destination;
            pf.Value = first;
            pl.Value = last;
            pb.Value = bytes;
            pdata.Value = data.WrittenSpan.ToArray();
            insert.ExecuteNonQuery();
            data.ResetWrittenCount();
            bytes = 0;
        }

        while (reader.Read())
        {
            var d = reader.GetString(0);
            var seq = reader.GetInt64(1);
            if (!string.Equals(d, destination, StringComparison.Ordinal) || seq != last + 1 || last - first + 1 >= MaxSegmentEvents)
            {
                Flush();
                destination = d;
                first = seq;
            }

            last = seq;
            var e = JsonSerializer.Deserialize(reader.GetString(2), StateJson.Default.FactorioEvent)!;
            bytes += OutboxCodec.Write(data, e);
        }

        Flush();
        reader.Close();
        SqliteMigrations.Execute(connection, "DROP TABLE outbox", transaction);
    }
}
