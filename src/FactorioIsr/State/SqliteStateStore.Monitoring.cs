using System.Globalization;

namespace FactorioIsr.State;

/// <summary>The monitors' per-server key/value state (table <c>monitor_state</c>, schema step 3).</summary>
internal sealed partial class SqliteStateStore
{
    public string? LoadMonitorState(string server, string key) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM monitor_state WHERE server = $s AND key = $k";
        command.Parameters.AddWithValue("$s", server);
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    });

    public void SaveMonitorState(string server, string key, string? value) => Run(_writeGate, _write, connection =>
    {
        using var command = connection.CreateCommand();
        if (value is null)
        {
            command.CommandText = "DELETE FROM monitor_state WHERE server = $s AND key = $k";
        }
        else
        {
            command.CommandText = """
                INSERT INTO monitor_state (server, key, value, updated_at) VALUES ($s, $k, $v, $t)
                ON CONFLICT (server, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """;
            command.Parameters.AddWithValue("$v", value);
            command.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }

        command.Parameters.AddWithValue("$s", server);
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteNonQuery();
    });

    ValueTask<string?> IStateStore.LoadMonitorStateAsync(string server, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadMonitorState(server, key));
    }

    ValueTask IStateStore.SaveMonitorStateAsync(string server, string key, string? value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SaveMonitorState(server, key, value);
        return ValueTask.CompletedTask;
    }
}
