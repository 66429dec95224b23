using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>
/// Keeps the WAL small, off the commit path: once the WAL passes <see cref="SqliteStateStore.CheckpointBytes"/> a
/// checkpoint runs in the background on a connection of its own (a passive one does not block the writer; the WAL then
/// restarts at the next commit and is cut back to the journal size limit). A WAL past
/// <see cref="SqliteStateStore.WalLimitBytes"/> is restarted by the writer itself (see <c>SqliteStateStore.Write</c>);
/// a commit that failed for want of space gets a truncating checkpoint here, which gives the WAL's blocks back to the
/// file system: that is what lets a full disk recover once the checkpoint fits.
/// </summary>
internal sealed class WalCheckpointer(string databasePath, Func<string, SqliteConnection> open, ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _walPath = databasePath + "-wal";
    private SqliteConnection? _connection;
    private int _running;
    private volatile bool _truncate;
    private bool _disposed;
    private string? _lastError;

    /// <summary>Size of the WAL file now (0 when there is none).</summary>
    public long WalBytes
    {
        get
        {
            var info = new FileInfo(_walPath);
            return info.Exists ? info.Length : 0;
        }
    }

    /// <summary>
    /// Called after each write transaction: starts a checkpoint when the WAL has grown past the threshold. True when it
    /// is past <see cref="SqliteStateStore.WalLimitBytes"/>: then the writer restarts it itself.
    /// </summary>
    public bool AfterWrite()
    {
        var size = WalBytes;
        if (Volatile.Read(ref _running) == 0 && size > SqliteStateStore.CheckpointBytes)
        {
            Request(truncate: false);
        }

        return size > SqliteStateStore.WalLimitBytes;
    }

    /// <summary>Starts a checkpoint unless one is running (a truncating request is remembered for the next).</summary>
    public void Request(bool truncate)
    {
        if (truncate)
        {
            _truncate = true;
        }

        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Run(Run);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }

    private void Run()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                var truncate = _truncate;
                _truncate = false;
                _connection ??= open(databasePath);
                SqliteMigrations.Execute(_connection, truncate ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)");
                if (_lastError is not null)
                {
                    _lastError = null;
                    StateLog.CheckpointRecovered(logger, databasePath);
                }
            }
        }
        catch (SqliteException e)
        {
            // Disk still full, or busy: the next write (or failed write) asks again.
            if (!string.Equals(_lastError, e.Message, StringComparison.Ordinal))
            {
                _lastError = e.Message;
                StateLog.CheckpointFailed(logger, databasePath, e.Message);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
