using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

/// <summary>The SQLite store's errors that do not come from a SQLite call.</summary>
internal static class StateStoreFailures
{
    /// <summary>
    /// The database file was deleted or replaced under the open store: permanent (retrying cannot help; only a restart,
    /// which starts from an empty state, can).
    /// </summary>
    public static StateStoreException Lost(string path, string what) => new(
        $"state database {path} {what} while isr was running; no more lines are taken in (they would be committed into a file nobody can open again). "
        + "Restart isr: it starts with an empty state (see docs/tailing.md, \"A corrupt, deleted or replaced database\")",
        isTransient: false,
        new FileNotFoundException(what, path));

    /// <summary>Whether a store error is the permanent <see cref="Lost"/> one.</summary>
    public static bool IsLost(StateStoreException e) => !e.IsTransient && e.InnerException is FileNotFoundException;

    /// <summary>The error of <see cref="SqliteStateStore.Open"/>: one sentence with what to do, for the log line.</summary>
    public static StateOpenException Open(string path, Exception e) => e switch
    {
        StateOpenException open => open,
        SqliteException sqlite => new StateOpenException($"{Trim(StateFileSystem.Explain(path, sqlite))}; {StateFileSystem.Advice(path, sqlite)}", e),
        _ => new StateOpenException($"{Trim(e.Message)}; check that its directory exists, is writable and has free space, or pass another --state", e),
    };

    private static string Trim(string message) => message.TrimEnd('.', ' ');
}

/// <summary>The state database cannot be opened; the message is complete (cause and what to do), without a final period.</summary>
internal sealed class StateOpenException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
