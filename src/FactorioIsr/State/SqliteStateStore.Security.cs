using System.Globalization;

namespace FactorioIsr.State;

/// <summary>The security monitor's tables <c>security_infractions</c> and <c>security_actions</c> (schema step 7).</summary>
internal sealed partial class SqliteStateStore
{
    private const int KeptInfractions = 10_000;

    ValueTask IStateStore.RecordInfractionAsync(SecurityInfraction infraction, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(Durability.Full, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO security_infractions (server, player, rule, severity, evidence, action, at) VALUES ($s, $p, $r, $v, $e, $a, $t);
                DELETE FROM security_infractions WHERE id <= last_insert_rowid() - $keep;
                """;
            command.Parameters.AddWithValue("$s", infraction.Server);
            command.Parameters.AddWithValue("$p", infraction.Player);
            command.Parameters.AddWithValue("$r", infraction.Rule);
            command.Parameters.AddWithValue("$v", infraction.Severity);
            command.Parameters.AddWithValue("$e", infraction.Evidence);
            command.Parameters.AddWithValue("$a", infraction.Action);
            command.Parameters.AddWithValue("$t", Time(infraction.At));
            command.Parameters.AddWithValue("$keep", KeptInfractions);
            return command.ExecuteNonQuery();
        });
        return ValueTask.CompletedTask;
    }

    ValueTask<IReadOnlyList<SecurityInfraction>> IStateStore.LoadInfractionsAsync(string? server, string? player, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Run(_readGate, _read, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT id, server, player, rule, severity, evidence, action, at FROM security_infractions
                WHERE ($s IS NULL OR server = $s) AND ($p IS NULL OR player = $p COLLATE NOCASE)
                ORDER BY id DESC LIMIT $max
                """;
            command.Parameters.AddWithValue("$s", (object?)server ?? DBNull.Value);
            command.Parameters.AddWithValue("$p", (object?)player ?? DBNull.Value);
            command.Parameters.AddWithValue("$max", Math.Max(0, max));
            using var reader = command.ExecuteReader();
            var rows = new List<SecurityInfraction>();
            while (reader.Read())
            {
                rows.Add(new SecurityInfraction(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), ParseTime(reader.GetString(7))));
            }

            return (IReadOnlyList<SecurityInfraction>)rows;
        }));
    }

    ValueTask IStateStore.SaveSecurityActionAsync(SecurityActionRecord action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(Durability.Full, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO security_actions (server, player_key, action, player, rule, started_at, expires_at) VALUES ($s, $k, $a, $p, $r, $t, $x)
                ON CONFLICT (server, player_key, action) DO UPDATE SET player = excluded.player, rule = excluded.rule,
                  started_at = excluded.started_at, expires_at = excluded.expires_at
                """;
            command.Parameters.AddWithValue("$s", action.Server);
            command.Parameters.AddWithValue("$k", action.Player.ToLowerInvariant());
            command.Parameters.AddWithValue("$a", action.Action);
            command.Parameters.AddWithValue("$p", action.Player);
            command.Parameters.AddWithValue("$r", action.Rule);
            command.Parameters.AddWithValue("$t", Time(action.StartedAt));
            command.Parameters.AddWithValue("$x", action.ExpiresAt is { } expires ? Time(expires) : DBNull.Value);
            return command.ExecuteNonQuery();
        });
        return ValueTask.CompletedTask;
    }

    ValueTask<IReadOnlyList<SecurityActionRecord>> IStateStore.LoadSecurityActionsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Run(_readGate, _read, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT server, player, action, rule, started_at, expires_at FROM security_actions
                ORDER BY expires_at IS NULL, expires_at, server, player_key, action
                """;
            using var reader = command.ExecuteReader();
            var rows = new List<SecurityActionRecord>();
            while (reader.Read())
            {
                rows.Add(new SecurityActionRecord(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), ParseTime(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : ParseTime(reader.GetString(5))));
            }

            return (IReadOnlyList<SecurityActionRecord>)rows;
        }));
    }

    ValueTask<bool> IStateStore.RemoveSecurityActionAsync(string server, string player, string action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Write(Durability.Full, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM security_actions WHERE server = $s AND player_key = $k AND action = $a";
            command.Parameters.AddWithValue("$s", server);
            command.Parameters.AddWithValue("$k", player.ToLowerInvariant());
            command.Parameters.AddWithValue("$a", action);
            return command.ExecuteNonQuery() > 0;
        }));
    }

    // Fixed-width UTC ("O" of a UTC time), so the text order is the time order (expires_at sorts in SQL).
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
