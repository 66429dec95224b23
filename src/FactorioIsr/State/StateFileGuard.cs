using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>
/// Notices the database file being deleted or replaced while the store has it open. SQLite would go on committing into
/// the open (now nameless) inode, and the next start would find no state: every file read again from its
/// <c>start_at</c>, everything re-posted. So before each ingest commit the path is stat'ed (one system call) and compared
/// with the device and inode opened; once they differ the store refuses every ingest commit for good, with one critical
/// log line.
/// </summary>
internal sealed class StateFileGuard(string path, FileIdentity opened, ILogger logger, StateMetrics? metrics)
{
    private volatile string? _lost;

    /// <summary>Null while the path still names the open database; otherwise what happened to it.</summary>
    public string? Lost => _lost ?? Check();

    /// <summary>Throws the store's (permanent) error when the path no longer names the open database.</summary>
    public void ThrowIfLost()
    {
        if ((_lost ?? Check()) is { } lost)
        {
            throw StateStoreFailures.Lost(path, lost);
        }
    }

    private string? Check()
    {
        if (opened == default)
        {
            return null; // no inode on this system: nothing to compare
        }

        string? lost = null;
        if (!FileIdentity.TryStat(path, out var now, out _))
        {
            lost = "was deleted";
        }
        else if (now != opened)
        {
            lost = $"was replaced by another file (inode {now}, isr opened {opened})";
        }

        if (lost is not null && Interlocked.CompareExchange(ref _lost, lost, null) is null)
        {
            metrics?.Errors.Add(1);
            StateLog.DatabaseLost(logger, path, lost);
        }

        return _lost;
    }
}
