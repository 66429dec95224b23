using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

/// <summary>Versioned schema steps, applied in order, each in its own transaction, recorded in schema_migrations.</summary>
internal static class SqliteMigrations
{
    private static readonly (int Version, string Name, string Sql, Action<SqliteConnection, SqliteTransaction>? Convert)[] Steps =
    [
        (1, "initial", """
            CREATE TABLE tail_positions (
                server TEXT NOT NULL, source TEXT NOT NULL, device INTEGER NOT NULL, inode INTEGER NOT NULL,
                epoch INTEGER NOT NULL, offset INTEGER NOT NULL, fp_len INTEGER NOT NULL, fp INTEGER NOT NULL,
                marker_len INTEGER NOT NULL, marker INTEGER NOT NULL, path TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (server, source, device, inode)) WITHOUT ROWID;
            CREATE TABLE destinations (
                destination TEXT PRIMARY KEY, next_seq INTEGER NOT NULL, batch_first INTEGER, batch_last INTEGER);
            CREATE TABLE outbox (
                destination TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, bytes INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (destination, seq));
            CREATE TABLE dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL,
                reason TEXT NOT NULL, attempts INTEGER NOT NULL, failed_at TEXT NOT NULL);
            """, null),
        (2, "outbox segments", """
            CREATE TABLE outbox_segments (
                destination TEXT NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, bytes INTEGER NOT NULL,
                data BLOB NOT NULL, PRIMARY KEY (destination, first_seq));
            ALTER TABLE destinations ADD COLUMN acked_seq INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE destinations ADD COLUMN batch_attempts INTEGER NOT NULL DEFAULT 0;
            """, OutboxMigration.FromRows),
        (3, "segments keyed by destination and sequence", """
            ALTER TABLE destinations ADD COLUMN dest_id INTEGER;
            INSERT OR IGNORE INTO destinations (destination, next_seq) SELECT destination, MAX(last_seq) + 1 FROM outbox_segments GROUP BY destination;
            UPDATE destinations SET dest_id = rowid;
            CREATE UNIQUE INDEX destinations_dest_id ON destinations (dest_id);
            CREATE TABLE outbox_segments_v3 (
                id INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, acked_seq INTEGER NOT NULL, bytes INTEGER NOT NULL, data BLOB NOT NULL);
            INSERT INTO outbox_segments_v3 (id, last_seq, acked_seq, bytes, data)
              SELECT (d.dest_id << 40) + s.first_seq, s.last_seq, d.acked_seq, s.bytes, s.data
              FROM outbox_segments s JOIN destinations d ON d.destination = s.destination;
            DROP TABLE outbox_segments;
            ALTER TABLE outbox_segments_v3 RENAME TO outbox_segments;
            """, null),
        (4, "monitor state", """
            CREATE TABLE monitor_state (
                server TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL,
                PRIMARY KEY (server, key)) WITHOUT ROWID;
            """, null),
        (5, "commands", """
            CREATE TABLE command_registrations (
                scope TEXT PRIMARY KEY, hash TEXT NOT NULL, registered_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE user_contexts (
                user_id TEXT PRIMARY KEY, server TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
            """, null),
        (6, "chat bridge relayed lines", """
            CREATE TABLE chat_relayed (
                id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, hash TEXT NOT NULL, relayed_at INTEGER NOT NULL);
            CREATE INDEX chat_relayed_server ON chat_relayed (server, id);
            CREATE INDEX chat_relayed_at ON chat_relayed (relayed_at);
            """, null),
        (7, "security monitor", """
            CREATE TABLE security_infractions (
                id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, player TEXT NOT NULL, rule TEXT NOT NULL,
                severity TEXT NOT NULL, evidence TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL);
            CREATE INDEX security_infractions_player ON security_infractions (server, player COLLATE NOCASE);
            CREATE TABLE security_actions (
                server TEXT NOT NULL, player_key TEXT NOT NULL, action TEXT NOT NULL, player TEXT NOT NULL, rule TEXT NOT NULL,
                started_at TEXT NOT NULL, expires_at TEXT, PRIMARY KEY (server, player_key, action)) WITHOUT ROWID;
            """, null),
        (8, "status board and sample history", """
            CREATE TABLE status_messages (
                server TEXT PRIMARY KEY, channel_id TEXT NOT NULL, message_id TEXT, generation INTEGER NOT NULL,
                updated_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE sample_history (
                server TEXT NOT NULL, at_ms INTEGER NOT NULL, ups REAL, paused INTEGER NOT NULL, players INTEGER,
                PRIMARY KEY (server, at_ms)) WITHOUT ROWID;
            """, null),
    ];

    public static int Latest => Steps[^1].Version;

    public static void Apply(SqliteConnection connection, TimeProvider time) => Apply(connection, time, Latest);

    /// <summary>Applies the steps up to <paramref name="target"/> (tests build older databases with it).</summary>
    public static void Apply(SqliteConnection connection, TimeProvider time, int target)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        long current;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            current = (long)command.ExecuteScalar()!;
        }

        if (current > Latest)
        {
            // Not a directory problem: the file is fine, only this isr is too old for it.
            throw new StateOpenException($"it has schema version {current}, newer than this isr knows ({Latest}): it was written by a newer isr; run that version (or newer), or pass another --state");
        }

        foreach (var (version, name, sql, convert) in Steps.Where(s => s.Version > current && s.Version <= target))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            convert?.Invoke(connection, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            record.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
