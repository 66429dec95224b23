using Microsoft.Extensions.Logging;

namespace FactorioIsr.Tailing;

/// <summary>
/// One <see cref="FileSystemWatcher"/> per directory (inotify instances are scarce: 128 per user by default), fanning
/// notifications out to the tailers of that directory as wake-ups. Only a hint: its buffer can overflow and it says
/// nothing on NFS, so tailers keep polling. When a watcher cannot be created the tailers simply poll.
/// </summary>
internal sealed partial class DirectoryWatchHub(ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public IDisposable Subscribe(string path, AsyncSignal signal)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        lock (_gate)
        {
            if (!_entries.TryGetValue(directory, out var entry))
            {
                entry = new Entry(CreateWatcher(directory));
                _entries[directory] = entry;
            }

            entry.Signals.Add((Path.GetFileName(path), signal));
            signal.Notified = entry.Watcher is not null;
            return new Subscription(this, directory, signal);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Watcher?.Dispose();
            }

            _entries.Clear();
        }
    }

    private FileSystemWatcher? CreateWatcher(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                InternalBufferSize = 64 * 1024,
            };
            FileSystemEventHandler changed = (_, e) => Signal(directory, e.Name, null);
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, e) => Signal(directory, e.Name, e.OldName);
            watcher.Error += (_, e) =>
            {
                WatcherError(logger, directory, e.GetException().Message);
                Signal(directory, null, null);
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            WatcherUnavailable(logger, directory, e.Message);
            return null;
        }
    }

    // Wakes the tailers a change concerns: the file itself or a rotated name of it (NAME.1, NAME.old, X-previous.log
    // for X-current.log). With hundreds of logs in one directory, waking all of them per write would cost more than
    // the write. Anything else (or an unknown name) is left to the poll.
    private void Signal(string directory, string? name, string? oldName)
    {
        (string Name, AsyncSignal Signal)[] subscribers;
        lock (_gate)
        {
            if (!_entries.TryGetValue(directory, out var entry))
            {
                return;
            }

            subscribers = [.. entry.Signals];
        }

        foreach (var (file, signal) in subscribers)
        {
            if ((name is null && oldName is null) || Concerns(file, name) || Concerns(file, oldName))
            {
                signal.Set();
            }
        }
    }

    private static bool Concerns(string file, string? changed)
    {
        if (changed is null)
        {
            return false;
        }

        const string Current = "-current.log";
        return changed.StartsWith(file, StringComparison.Ordinal)
            || (file.EndsWith(Current, StringComparison.Ordinal) && changed.StartsWith(file[..^Current.Length], StringComparison.Ordinal));
    }

    private void Unsubscribe(string directory, AsyncSignal signal)
    {
        lock (_gate)
        {
            signal.Notified = false;
            if (_entries.TryGetValue(directory, out var entry) && entry.Signals.RemoveAll(s => s.Signal == signal) > 0 && entry.Signals.Count == 0)
            {
                entry.Watcher?.Dispose();
                _entries.Remove(directory);
            }
        }
    }

    [LoggerMessage(3050, LogLevel.Warning, "file notifications for {Directory} unavailable ({Reason}); polling only")]
    private static partial void WatcherUnavailable(ILogger logger, string directory, string reason);

    [LoggerMessage(3051, LogLevel.Debug, "file notifications for {Directory} reported an error ({Reason}); the poll covers it")]
    private static partial void WatcherError(ILogger logger, string directory, string reason);

    private sealed record Entry(FileSystemWatcher? Watcher)
    {
        public List<(string Name, AsyncSignal Signal)> Signals { get; } = [];
    }

    private sealed class Subscription(DirectoryWatchHub hub, string directory, AsyncSignal signal) : IDisposable
    {
        public void Dispose() => hub.Unsubscribe(directory, signal);
    }
}
