using Microsoft.Data.Sqlite;

namespace FactorioIsr.State;

/// <summary>
/// Says what SQLite's generic errors mean on this disk. A read-only file system reaches SQLite as "disk I/O error" or
/// "attempt to write a readonly database" (it cannot create its -shm/-wal files): a probe file in the directory tells
/// which (EROFS, or a refusal: permissions, the immutable attribute).
/// </summary>
internal static class StateFileSystem
{
    private const int ReadOnlyFileSystem = 30; // EROFS
    private const int NoSpace = 28; // ENOSPC

    // Messages name no path but the database's own: a path from ${NAME} is redacted only where it appears whole.

    /// <summary>The SQLite error's message, with the file system's reason when a probe finds one.</summary>
    public static string Explain(string databasePath, SqliteException e)
    {
        var message = e.Message.TrimEnd('.', ' ');
        if (e.SqliteErrorCode is not (8 or 10 or 14 or 13))
        {
            return message;
        }

        return Probe(databasePath) switch
        {
            Problem.ReadOnlyFileSystem => $"{message}: the file system of its directory is mounted read-only",
            Problem.Refused => $"{message}: its directory does not accept new files (permissions, or the immutable attribute)",
            Problem.Full => $"{message}: the file system of its directory is full",
            _ => message,
        };
    }

    /// <summary>What to do about an open error, by its cause.</summary>
    public static string Advice(string databasePath, SqliteException e) => Probe(databasePath) switch
    {
        Problem.ReadOnlyFileSystem => "remount it read-write, or pass a --state on a writable disk",
        Problem.Refused => "make it writable for isr's user (chattr -i if it is immutable), or pass another --state",
        Problem.Full => "free some space (the state needs a few MB, see docs/tailing.md), or pass a --state on another disk",
        _ when e.SqliteErrorCode is 11 or 26 => "it is not a database isr can read; move it away, or pass another --state",
        _ => "check that its directory exists, is writable and has free space, or pass another --state",
    };

    private static string Directory(string databasePath) => Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".";

    private static Problem Probe(string databasePath)
    {
        var probe = Path.Combine(Directory(databasePath), $".isr-write-probe-{Environment.ProcessId}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return Problem.None;
        }
        catch (UnauthorizedAccessException)
        {
            return Problem.Refused;
        }
        catch (IOException io) when ((io.HResult & 0xFFFF) == ReadOnlyFileSystem || io.Message.Contains("Read-only file system", StringComparison.Ordinal))
        {
            return Problem.ReadOnlyFileSystem;
        }
        catch (IOException io) when ((io.HResult & 0xFFFF) == NoSpace || io.Message.Contains("No space left", StringComparison.Ordinal))
        {
            return Problem.Full;
        }
        catch (IOException)
        {
            return Problem.None;
        }
    }

    private enum Problem
    {
        None,
        ReadOnlyFileSystem,
        Refused,
        Full,
    }
}
