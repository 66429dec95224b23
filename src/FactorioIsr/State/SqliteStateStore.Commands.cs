using System.Globalization;

namespace FactorioIsr.State;

/// <summary>Tables <c>command_registrations</c> and <c>user_contexts</c> (schema step 5).</summary>
internal sealed partial class SqliteStateStore
{
    private string? LoadCommandValue(string sql, string key) => Run(_readGate, _read, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    });

    private void SaveCommandValue(string sql, string key, string value) => Run(_writeGate, _write, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery();
    });

    ValueTask<string?> IStateStore.LoadCommandHashAsync(string scope, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadCommandValue("SELECT hash FROM command_registrations WHERE scope = $k", scope));
    }

    ValueTask IStateStore.SaveCommandHashAsync(string scope, string hash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SaveCommandValue("""
            INSERT INTO command_registrations (scope, hash, registered_at) VALUES ($k, $v, $t)
            ON CONFLICT (scope) DO UPDATE SET hash = excluded.hash, registered_at = excluded.registered_at
            """, scope, hash);
        return ValueTask.CompletedTask;
    }

    ValueTask<string?> IStateStore.LoadUserServerAsync(string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadCommandValue("SELECT server FROM user_contexts WHERE user_id = $k", userId));
    }

    ValueTask IStateStore.SaveUserServerAsync(string userId, string server, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SaveCommandValue("""
            INSERT INTO user_contexts (user_id, server, updated_at) VALUES ($k, $v, $t)
            ON CONFLICT (user_id) DO UPDATE SET server = excluded.server, updated_at = excluded.updated_at
            """, userId, server);
        return ValueTask.CompletedTask;
    }
}
