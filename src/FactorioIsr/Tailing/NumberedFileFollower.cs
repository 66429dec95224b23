using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Tailing;

/// <summary>
/// Follows the companion mod's numbered files (<c>events-1.jsonl</c>, <c>events-2.jsonl</c>, ...; see
/// <see cref="NumberedFiles"/>) in number order, one <see cref="FileTailer"/> per file under one source name, so
/// each file has the logs' checkpoints and durability: its position commits with its lines, truncation (a new map
/// rewriting a number) reads it from 0, a file deleted by the mod's cleanup is finished through its open handle.
/// A file is read to its end before the next one gets a turn, so events keep the mod's order.
/// </summary>
/// <remarks>
/// At start, a file with a saved position resumes there. A file without one is new (read from 0) when it was
/// written after the newest file isr has a position for; otherwise isr saw it before and skipped it (start_at: end),
/// so it starts at its end. With nothing saved, the source's start_at applies to every file.
/// </remarks>
internal sealed class NumberedFileFollower(
    TailSource source,
    TailOptions options,
    IReadOnlyList<TailPosition> saved,
    ChannelWriter<TailedLine[]> output,
    TimeProvider time,
    ILogger logger,
    Action<TailSource, IReadOnlyList<TailPosition>>? forget = null,
    TailMetrics? metrics = null) : IDisposable
{
    private readonly NumberedFiles _files = NumberedFiles.From(source.Path);
    private readonly List<(string Path, FileTailer Tailer)> _tailers = [];
    private bool _started;
    private bool _waiting;

    /// <summary>Set by a watcher (or anyone) to make the follower poll now.</summary>
    public AsyncSignal Wake { get; } = new();

    public TailSource Source => source;

    /// <summary>One status per numbered file being followed, in order.</summary>
    public IReadOnlyList<TailerStatus> Status => [.. _tailers.Select(t => t.Tailer.Status)];

    /// <summary>The files being followed, in order.</summary>
    public IReadOnlyList<string> Files => [.. _tailers.Select(t => t.Path)];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var more = false;
                try
                {
                    more = await PollAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    metrics?.ReadErrors.Add(1);
                    TailLog.ReadFailed(logger, source.Server, source.Path, e.Message);
                }

                if (!more)
                {
                    await Wake.WaitAsync(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>One turn: picks up new files, reads each in number order (a file with more to read ends the turn), drops deleted ones.</summary>
    internal async ValueTask<bool> PollAsync(CancellationToken cancellationToken)
    {
        var listed = _files.List();
        if (!_started)
        {
            Start(listed);
            _started = true;
        }
        else
        {
            foreach (var path in listed)
            {
                if (!_tailers.Exists(t => t.Path == path))
                {
                    Add(path, [], TailStartAt.Beginning); // written since we looked: every line of it is new
                }
            }
        }

        Waiting(listed.Count == 0 && _tailers.Count == 0);
        for (var i = 0; i < _tailers.Count; i++)
        {
            var (path, tailer) = _tailers[i];
            if (await tailer.PollAsync(cancellationToken).ConfigureAwait(false))
            {
                return true; // the rest of this file before any later one
            }

            if (tailer.Status is { Missing: true, RotatedFilesDraining: 0 } && !File.Exists(path))
            {
                tailer.Dispose(); // deleted (the mod's cleanup) and finished: a file of that name again is a new file
                _tailers.RemoveAt(i--);
            }
        }

        return false;
    }

    private void Start(IReadOnlyList<string> listed)
    {
        var byPath = saved.GroupBy(p => Path.GetFullPath(p.Path), StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<TailPosition>)[.. g], StringComparer.Ordinal);
        var listedFull = listed.ToDictionary(p => Path.GetFullPath(p), p => p, StringComparer.Ordinal);

        // The newest write among the files isr has a position for: files written later are new to it.
        DateTime? horizon = null;
        foreach (var full in byPath.Keys.Where(listedFull.ContainsKey))
        {
            var written = File.GetLastWriteTimeUtc(full);
            horizon = horizon is null || written > horizon ? written : horizon;
        }

        foreach (var path in listed)
        {
            var full = Path.GetFullPath(path);
            if (byPath.TryGetValue(full, out var positions))
            {
                Add(path, positions, TailStartAt.Beginning);
            }
            else if (saved.Count == 0)
            {
                Add(path, [], source.StartAt);
            }
            else
            {
                Add(path, [], horizon is { } h && File.GetLastWriteTimeUtc(full) <= h ? TailStartAt.End : TailStartAt.Beginning);
            }
        }

        // Positions of files that are gone (deleted by the mod's cleanup) would only accumulate.
        var gone = saved.Where(p => !listedFull.ContainsKey(Path.GetFullPath(p.Path))).ToList();
        if (gone.Count > 0)
        {
            forget?.Invoke(source, gone);
        }
    }

    private void Add(string path, IReadOnlyList<TailPosition> positions, TailStartAt startAt)
    {
        var file = source with { Path = path, StartAt = startAt, RotatedGlobs = null };
        var tailer = new FileTailer(file, options, positions, output, time, logger, forget, metrics);
        try
        {
            tailer.Resume();
        }
        catch
        {
            tailer.Dispose();
            throw;
        }

        _tailers.Add((path, tailer));
        _tailers.Sort((a, b) =>
        {
            var byNumber = NumberedFiles.NumberOf(Path.GetFileName(a.Path)).CompareTo(NumberedFiles.NumberOf(Path.GetFileName(b.Path)));
            return byNumber != 0 ? byNumber : string.CompareOrdinal(a.Path, b.Path);
        });
    }

    private void Waiting(bool waiting)
    {
        if (waiting == _waiting)
        {
            return;
        }

        _waiting = waiting;
        metrics?.MissingFiles.Add(waiting ? 1 : -1);
        if (waiting)
        {
            TailLog.WaitingForFile(logger, source.Server, Path.Combine(_files.Directory, _files.Glob));
        }
    }

    public void Dispose()
    {
        foreach (var (_, tailer) in _tailers)
        {
            tailer.Dispose();
        }

        _tailers.Clear();
        Waiting(false);
    }
}
