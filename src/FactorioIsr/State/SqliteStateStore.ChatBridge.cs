namespace FactorioIsr.State;

/// <summary>
/// The chat bridge's recently relayed lines (table <c>chat_relayed</c>, schema step 6). A line is on disk before it is
/// sent to the game, so its echo is recognised whenever it is read.
/// </summary>
internal sealed partial class SqliteStateStore
{
    public void SaveRelayedChat(RelayedChatLine line, DateTimeOffset expireBefore, int keepPerServer) => Write(Durability.Full, connection =>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepPerServer, 1);
        using var transaction = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO chat_relayed (server, hash, relayed_at) VALUES ($s, $h, $t)";
            insert.Parameters.AddWithValue("$s", line.Server);
            insert.Parameters.AddWithValue("$h", line.Hash);
            insert.Parameters.AddWithValue("$t", line.RelayedAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        using (var prune = connection.CreateCommand())
        {
            prune.Transaction = transaction;
            prune.CommandText = """
                DELETE FROM chat_relayed WHERE relayed_at < $before;
                DELETE FROM chat_relayed WHERE server = $s AND id <= (
                  SELECT id FROM chat_relayed WHERE server = $s ORDER BY id DESC LIMIT 1 OFFSET $keep);
                """;
            prune.Parameters.AddWithValue("$before", expireBefore.ToUnixTimeMilliseconds());
            prune.Parameters.AddWithValue("$s", line.Server);
            prune.Parameters.AddWithValue("$keep", keepPerServer);
            prune.ExecuteNonQuery();
        }

        transaction.Commit();
        return 0;
    });

    public IReadOnlyList<RelayedChatLine> LoadRelayedChat(DateTimeOffset since) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT server, hash, relayed_at FROM chat_relayed WHERE relayed_at >= $since ORDER BY id";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var lines = new List<RelayedChatLine>();
        while (reader.Read())
        {
            lines.Add(new RelayedChatLine(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return (IReadOnlyList<RelayedChatLine>)lines;
    });

    ValueTask IStateStore.SaveRelayedChatAsync(RelayedChatLine line, DateTimeOffset expireBefore, int keepPerServer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SaveRelayedChat(line, expireBefore, keepPerServer);
        return ValueTask.CompletedTask;
    }

    ValueTask<IReadOnlyList<RelayedChatLine>> IStateStore.LoadRelayedChatAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadRelayedChat(since));
    }
}
