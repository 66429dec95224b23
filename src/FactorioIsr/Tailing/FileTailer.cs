using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace FactorioIsr.Tailing;

/// <summary>
/// Follows one path across rotation (rename+create, copytruncate, truncation, delete+recreate, atomic replace) and
/// writes its lines, in file order, to a bounded channel; when the channel is full it waits (nothing is dropped).
/// A stat poll is the truth; <see cref="Wake"/> (file-system notifications) only makes it look sooner.
/// </summary>
internal sealed partial class FileTailer(
    TailSource source,
    TailOptions options,
    IReadOnlyList<TailPosition> saved,
    ChannelWriter<TailedLine[]> output,
    TimeProvider time,
    ILogger logger,
    Action<TailSource, IReadOnlyList<TailPosition>>? forget = null) : IDisposable
{
    private readonly List<Draining> _draining = [];
    private readonly List<TailedLine> _lines = [];
    private volatile TailCursor? _current;
    private long _lastSize = -1;
    private long _lastVerified;
    private volatile bool _missing;
    private volatile bool _unreadable;
    private long _invalidUtf8;

    /// <summary>Set by the directory watcher (or anyone) to make the tailer poll now.</summary>
    public AsyncSignal Wake { get; } = new();

    public TailSource Source => source;

    /// <summary>A snapshot for health reporting (/ready): is the file there and readable, where are we in it.</summary>
    public TailerStatus Status
    {
        get
        {
            var current = _current;
            return new TailerStatus(source.Server, source.Source, source.Path, _missing, _unreadable, current?.File.Identity, current?.Consumed ?? 0, _draining.Count);
        }
    }

    /// <summary>Saved positions whose file is nowhere to be found at start; the caller may delete them.</summary>
    public IReadOnlyList<TailPosition> Forgotten { get; private set; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var resumed = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var more = false;
                try
                {
                    if (!resumed)
                    {
                        Resume();
                        resumed = true;
                    }

                    more = await PollAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A file changed under us between two system calls (truncated, replaced); the next poll sorts it out.
                    TailMetrics.ReadErrors.Add(1);
                    TailLog.ReadFailed(logger, source.Server, source.Path, e.Message);
                }
#pragma warning disable CA1031 // a bug here must not silently stop this file: report it loudly and keep polling
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    TailMetrics.ReadErrors.Add(1);
                    TailLog.Unexpected(logger, e, source.Server, source.Path);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
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

    internal void Resume() // internal: NumberedFileFollower resumes its files itself
    {
        var resumed = new TailResume(source, options, time, logger).Resume(saved);
        _current = resumed.Current;
        Forgotten = resumed.Forgotten;
        forget?.Invoke(source, resumed.Forgotten);
        foreach (var (rotated, copy) in resumed.Rotated)
        {
            StartDraining(rotated, time.GetTimestamp(), finish: copy, blocking: copy);
        }
    }

    public void Dispose()
    {
        _current?.Dispose();
        foreach (var d in _draining)
        {
            d.Cursor.Dispose();
        }

        if (_missing)
        {
            _missing = false;
            TailMetrics.MissingFiles.Add(-1);
        }
    }

    /// <summary>One poll: drain rotated files, check the path, read the current file. True when more is waiting.</summary>
    internal async ValueTask<bool> PollAsync(CancellationToken cancellationToken)
    {
        var more = false;
        var now = time.GetTimestamp();
        for (var i = 0; i < _draining.Count; i++)
        {
            var d = _draining[i];
            var read = ReadSafely(d.Cursor);
            if (read > 0)
            {
                d.Deadline = now + Ticks(options.RotateWait);
                more |= read >= options.MaxBytesPerTurn;
            }
            else if (d.Finish || now >= d.Deadline)
            {
                FlushPartial(d.Cursor);
                d.Cursor.Dispose();
                _draining.RemoveAt(i--);
                TailLog.FinishedRotated(logger, source.Server, d.Cursor.File.Path, d.Cursor.File.Identity.ToString(), d.Cursor.ReadPosition);
            }

            await PushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_draining.Exists(d => d.Blocking))
        {
            return true; // a copytruncate copy first: the truncated file's new lines must not be committed before it
        }

        CheckPath(now);
        await PushAsync(cancellationToken).ConfigureAwait(false);
        if (_draining.Exists(d => d.Blocking))
        {
            return true; // the path was just found truncated with a copy: the copy first
        }

        if (_current is not null)
        {
            more |= ReadSafely(_current) >= options.MaxBytesPerTurn;
            await PushAsync(cancellationToken).ConfigureAwait(false);
        }

        return more;
    }

    private void CheckPath(long now)
    {
        if (!FileIdentity.TryStat(source.Path, out var identity, out var size))
        {
            if (_current is not null)
            {
                TailLog.PathGone(logger, source.Server, source.Path);
                TailMetrics.Rotations.Add(1);
                StartDraining(_current, now, finish: false);
                _current = null;
            }
            else if (!_missing)
            {
                _missing = true;
                TailMetrics.MissingFiles.Add(1);
                TailLog.WaitingForFile(logger, source.Server, source.Path);
            }

            return;
        }

        if (_missing)
        {
            _missing = false;
            TailMetrics.MissingFiles.Add(-1);
        }

        if (_current is null)
        {
            // The path (re)appeared: a new file, read from its start.
            _current = Open(source.Path, 0, TailResume.NewEpoch(time));
            _lastSize = -1;
            return;
        }

        if (identity != _current.File.Identity)
        {
            Rotated(now);
            return;
        }

        // Growth or shrinkage: verify the bytes we took are still there. Same size: verify now and then, so a rewrite
        // to exactly the old size is caught too.
        var verify = size != _lastSize || now - _lastVerified >= Ticks(TimeSpan.FromSeconds(1));
        if (size < _current.ReadPosition || (verify && !_current.StillMatches(size)))
        {
            Truncated(now, size);
        }

        if (verify)
        {
            _lastVerified = now;
        }

        _lastSize = size;
    }

    private void Rotated(long now)
    {
        var old = _current!;
        ReadSafely(old);
        TailMetrics.Rotations.Add(1);
        var next = Open(source.Path, 0, TailResume.NewEpoch(time));
        if (next is null)
        {
            return;
        }

        // Atomic replace with the same content (first 1 KiB and the bytes before our offset): continue, don't re-read.
        var size = RandomAccess.GetLength(next.Handle);
        if (old.Checkpoint.FingerprintLength == TailCursor.FingerprintBytes && TailCursor.Matches(next.Handle, size, old.Consumed, old.Checkpoint))
        {
            var handle = next.Handle;
            var file = next.File with { };
            _current = new TailCursor(handle, file, old.Consumed, options.MaxLineBytes);
            TailLog.ReplacedSameContent(logger, source.Server, source.Path, old.Consumed);
            old.Dispose();
        }
        else
        {
            TailLog.RotationDetected(logger, source.Server, source.Path, old.File.Identity.ToString(), next.File.Identity.ToString());
            StartDraining(old, now, finish: false);
            _current = next;
        }

        _lastSize = -1;
    }

    private void Truncated(long now, long size)
    {
        var old = _current!;
        TailMetrics.Truncations.Add(1);

        // copytruncate: the bytes we had not read yet are in a rotated copy; finish them from there.
        var copy = TailResume.FindCopy(source, old, options, time);
        if (copy is not null)
        {
            TailLog.TruncatedWithCopy(logger, source.Server, source.Path, copy.File.Path, old.Consumed);
            StartDraining(copy, now, finish: true, blocking: true);
        }
        else
        {
            var lost = Math.Max(0, Math.Max(_lastSize, old.ReadPosition) - old.Consumed);
            TailMetrics.LostBytes.Add(lost);
            TailLog.Truncated(logger, source.Server, source.Path, old.Consumed, size, lost);
        }

        old.Dispose();

        // Opened now, read from 0 once the copy is finished (a blocking drain holds it back): holding it open keeps its
        // new lines even if it is renamed away while the copy is still being read.
        _current = Open(source.Path, 0, TailResume.NewEpoch(time));
    }

    private void StartDraining(TailCursor cursor, long now, bool finish, bool blocking = false) =>
        _draining.Add(new Draining(cursor) { Deadline = now + Ticks(options.RotateWait), Finish = finish, Blocking = blocking });

    private TailCursor? Open(string path, long offset, long epoch)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_unreadable)
            {
                _unreadable = true;
                TailMetrics.ReadErrors.Add(1);
                TailLog.Unreadable(logger, source.Server, path, e.Message);
            }

            return null;
        }

        _unreadable = false;
        var file = new TailedFile(source.Server, source.Source, path, FileIdentity.Of(handle), epoch, source.Kind);
        return new TailCursor(handle, file, offset, options.MaxLineBytes);
    }

    private long ReadSafely(TailCursor cursor)
    {
        try
        {
            var read = cursor.Read(_lines, options.MaxBytesPerTurn, ref _invalidUtf8);
            TailMetrics.Bytes.Add(read);
            return read;
        }
        catch (IOException e)
        {
            TailMetrics.ReadErrors.Add(1);
            TailLog.ReadFailed(logger, source.Server, cursor.File.Path, e.Message);
            return 0;
        }
    }

    private void FlushPartial(TailCursor cursor) => cursor.FlushPartial(_lines, ref _invalidUtf8);

    private async ValueTask PushAsync(CancellationToken cancellationToken)
    {
        // A read travels as chunks of at most 512 lines: one channel item each, so the writer's cost is per chunk.
        const int chunkLines = 512;
        if (_lines.Count == 0)
        {
            return;
        }

        foreach (var line in _lines)
        {
            if (line.Flags != TailedLineFlags.None)
            {
                Count(line.Flags);
            }
        }

        for (var at = 0; at < _lines.Count; at += chunkLines)
        {
            var chunk = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_lines).Slice(at, Math.Min(chunkLines, _lines.Count - at)).ToArray();
            if (!output.TryWrite(chunk))
            {
                await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        TailMetrics.Lines.Add(_lines.Count);
        if (_invalidUtf8 > 0)
        {
            TailMetrics.InvalidUtf8.Add(_invalidUtf8);
            _invalidUtf8 = 0;
        }

        _lines.Clear();
    }

    private static void Count(TailedLineFlags flags)
    {
        if (flags.HasFlag(TailedLineFlags.Partial))
        {
            TailMetrics.PartialLines.Add(1);
        }

        if (flags.HasFlag(TailedLineFlags.Truncated))
        {
            TailMetrics.TruncatedLines.Add(1);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private sealed class Draining(TailCursor cursor)
    {
        public TailCursor Cursor { get; } = cursor;

        public long Deadline { get; set; }

        /// <summary>A static copy: finish as soon as it has been read to its end.</summary>
        public bool Finish { get; init; }

        /// <summary>The followed path waits until this one is finished (a copytruncate copy).</summary>
        public bool Blocking { get; init; }
    }
}
