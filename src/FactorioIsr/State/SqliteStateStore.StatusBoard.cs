using System.Globalization;

namespace FactorioIsr.State;

/// <summary>The status board's tables (<c>status_messages</c>, <c>sample_history</c>, schema step 8).</summary>
internal sealed partial class SqliteStateStore
{
    /// <summary>Per server, at least as many rows as its history has (known once a point was appended); behind the write lock.</summary>
    private readonly Dictionary<string, long> _historyCounts = new(StringComparer.Ordinal);

    public StatusMessageRecord? LoadStatusMessage(string server) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel_id, message_id, generation FROM status_messages WHERE server = $s";
        command.Parameters.AddWithValue("$s", server);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StatusMessageRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)) : null;
    });

    public void SaveStatusMessage(string server, StatusMessageRecord? message) => Write(Durability.Full, connection =>
    {
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$s", server);
        if (message is null)
        {
            command.CommandText = "DELETE FROM status_messages WHERE server = $s";
            return command.ExecuteNonQuery();
        }

        command.CommandText = """
            INSERT INTO status_messages (server, channel_id, message_id, generation, updated_at) VALUES ($s, $c, $m, $g, $t)
            ON CONFLICT (server) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id,
              generation = excluded.generation, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$c", message.ChannelId);
        command.Parameters.AddWithValue("$m", (object?)message.MessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$g", message.Generation);
        command.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery();
    });

    /// <summary>
    /// Appends a point and keeps the bounds: points older than the window go with one range delete on the key; the count
    /// bound, whose exact check walks <see cref="HistoryBounds.MaxPoints"/> rows (what made an append cost 0.46 ms with a
    /// full day), runs only when <see cref="_historyCounts"/>, an upper bound of the server's rows, says it may be exceeded.
    /// This store is the only writer of its servers' history, so the bound holds exactly.
    /// </summary>
    public void AppendSampleHistory(string server, HistoryPoint point, HistoryBounds bounds) => Write(Durability.Deferred, connection =>
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO sample_history (server, at_ms, ups, paused, players) VALUES ($s, $a, $u, $p, $n)";
        insert.Parameters.AddWithValue("$s", server);
        insert.Parameters.AddWithValue("$a", point.At.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$u", (object?)point.Ups ?? DBNull.Value);
        insert.Parameters.AddWithValue("$p", point.Paused ? 1 : 0);
        insert.Parameters.AddWithValue("$n", (object?)point.Players ?? DBNull.Value);
        insert.ExecuteNonQuery();

        using var window = connection.CreateCommand();
        window.Transaction = transaction;
        window.CommandText = "DELETE FROM sample_history WHERE server = $s AND at_ms < $oldest";
        window.Parameters.AddWithValue("$s", server);
        window.Parameters.AddWithValue("$oldest", (point.At - bounds.Window).ToUnixTimeMilliseconds());
        var expired = window.ExecuteNonQuery();

        // A replaced point counts as a new one: the count stays an upper bound.
        var count = _historyCounts.TryGetValue(server, out var known) ? known + 1 - expired : CountHistory(connection, transaction, server);
        if (count > bounds.MaxPoints)
        {
            using var trim = connection.CreateCommand();
            trim.Transaction = transaction;
            trim.CommandText = """
                DELETE FROM sample_history WHERE server = $s AND at_ms <= COALESCE(
                  (SELECT at_ms FROM sample_history WHERE server = $s ORDER BY at_ms DESC LIMIT 1 OFFSET $max), -9223372036854775808)
                """;
            trim.Parameters.AddWithValue("$s", server);
            trim.Parameters.AddWithValue("$max", bounds.MaxPoints);
            trim.ExecuteNonQuery();
            count = CountHistory(connection, transaction, server);
        }

        transaction.Commit();
        _historyCounts[server] = count;
        return 0;
    });

    private static long CountHistory(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, string server)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM sample_history WHERE server = $s";
        command.Parameters.AddWithValue("$s", server);
        return (long)command.ExecuteScalar()!;
    }

    public IReadOnlyList<HistoryPoint> LoadSampleHistory(string server, DateTimeOffset since) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT at_ms, ups, paused, players FROM sample_history WHERE server = $s AND at_ms >= $since ORDER BY at_ms";
        command.Parameters.AddWithValue("$s", server);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var points = new List<HistoryPoint>();
        while (reader.Read())
        {
            points.Add(new HistoryPoint(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.GetInt64(2) != 0,
                reader.IsDBNull(3) ? null : (int)reader.GetInt64(3)));
        }

        return (IReadOnlyList<HistoryPoint>)points;
    });

    ValueTask<StatusMessageRecord?> IStateStore.LoadStatusMessageAsync(string server, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadStatusMessage(server));
    }

    ValueTask IStateStore.SaveStatusMessageAsync(string server, StatusMessageRecord? message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SaveStatusMessage(server, message);
        return ValueTask.CompletedTask;
    }

    ValueTask IStateStore.AppendSampleHistoryAsync(string server, HistoryPoint point, HistoryBounds bounds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AppendSampleHistory(server, point, bounds);
        return ValueTask.CompletedTask;
    }

    ValueTask<IReadOnlyList<HistoryPoint>> IStateStore.LoadSampleHistoryAsync(string server, DateTimeOffset since, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadSampleHistory(server, since));
    }
}
