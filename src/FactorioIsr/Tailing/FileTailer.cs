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
    Action<TailSource, IReadOnlyList<TailPosition>>? forget = null,
    TailMetrics? metrics = null) : IDisposable
{
    // Files read before and let go (finished rotated files, saved positions nothing matched at start): one that comes
    // back under the path (moved away and back, a symlink flipped back) continues from its offset instead of from 0.
    private const int KnownCap = 16;

    private readonly List<Draining> _draining = [];
    private readonly List<TailedLine> _lines = [];
    private readonly List<TailPosition> _known = [];
    private volatile TailCursor? _current;
    private long _lastSize = -1;
    private long _lastVerified;
    private volatile bool _missing;
    private volatile bool _unreadable;
    private bool _unopened;
    private string? _refusal;
    private long _invalidUtf8;
    private long _activity;
    private bool _notificationsMiss;

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
        var interval = options.PollInterval;
        var woken = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var more = false;
                var activity = _activity;
                try
                {
                    if (!resumed)
                    {
                        Resume();
                        resumed = true;
                    }

                    more = await PollAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (NoDescriptorException e)
                {
                    // The open-file limit: wait for a descriptor (retried every poll; the other files go on).
                    if (!_unopened)
                    {
                        _unopened = true;
                        metrics?.UnopenedFiles.Add(1);
                        TailLog.NoDescriptor(logger, source.Server, source.Path, e.Message);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A file changed under us between two system calls (truncated, replaced); the next poll sorts it out.
                    metrics?.ReadErrors.Add(1);
                    TailLog.ReadFailed(logger, source.Server, source.Path, e.Message);
                }
#pragma warning disable CA1031 // a bug here must not silently stop this file: report it loudly and keep polling
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    metrics?.ReadErrors.Add(1);
                    TailLog.Unexpected(logger, e, source.Server, source.Path);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                }

                if (!more)
                {
                    var active = _activity != activity;
                    if (active && !woken && interval > options.PollInterval && !_notificationsMiss && Wake.Notified)
                    {
                        // A change after an idle spell that the poll found before any notification: notifications do not
                        // cover this file (a symlink to another name or directory, a network file system). Poll it
                        // at the full rate from now on.
                        _notificationsMiss = true;
                        TailLog.NotificationsMiss(logger, source.Server, source.Path);
                    }

                    interval = NextInterval(interval, active);
                    woken = await Wake.WaitAsync(interval, time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    woken = false;
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

    /// <summary>
    /// The wait before the next poll. With file notifications feeding <see cref="Wake"/>, a file that stays idle is
    /// stat'ed less and less often (doubling up to <see cref="TailOptions.IdlePollInterval"/>): a change wakes it at
    /// once anyway, and any change found brings the poll back to <see cref="TailOptions.PollInterval"/>. Without
    /// notifications (poll-only, or no watcher), or once a poll found a change no notification announced, the poll
    /// stays at <see cref="TailOptions.PollInterval"/>.
    /// </summary>
    private TimeSpan NextInterval(TimeSpan interval, bool active)
    {
        if (active || !Wake.Notified || _notificationsMiss || options.IdlePollInterval <= options.PollInterval)
        {
            return options.PollInterval;
        }

        var next = interval * 2;
        return next > options.IdlePollInterval ? options.IdlePollInterval : next;
    }

    internal void Resume() // internal: NumberedFileFollower resumes its files itself
    {
        var resumed = new TailResume(source, options, time, logger).Resume(saved);
        Opened();
        _current = resumed.Current;
        Forgotten = resumed.Forgotten;
        _known.AddRange(resumed.Unmatched);
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
            metrics?.MissingFiles.Add(-1);
        }

        if (_unopened)
        {
            _unopened = false;
            metrics?.UnopenedFiles.Add(-1);
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
            if (d.Cursor.Rewritten)
            {
                // Copied over in place or truncated and rewritten: what it held before is all it gives.
                StopRewritten(d.Cursor);
                _draining.RemoveAt(i--);
            }
            else if (read > 0)
            {
                d.Deadline = now + Ticks(options.RotateWait);
                more |= read >= options.MaxBytesPerTurn;
            }
            else if (d.Finish || now >= d.Deadline)
            {
                FlushPartial(d.Cursor);
                d.Cursor.Dispose();
                _draining.RemoveAt(i--);
                Remember(d.Cursor);
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

        // The stat just said how long the file is: when we have read up to there, there is nothing to read (a poll of an
        // idle file is then one stat, no read).
        if (_current is not null && _lastSize != _current.ReadPosition)
        {
            more |= ReadSafely(_current) >= options.MaxBytesPerTurn;
            if (_current.Rewritten)
            {
                // Rewritten between the path check and the read: nothing of the new content was taken from our offset.
                Truncated(now, RandomAccess.GetLength(_current.Handle));
                more = true;
            }

            await PushAsync(cancellationToken).ConfigureAwait(false);
        }

        return more;
    }

    private void CheckPath(long now)
    {
        if (!FileIdentity.TryStat(source.Path, out var identity, out var size, out var kind))
        {
            if (_current is not null)
            {
                TailLog.PathGone(logger, source.Server, source.Path);
                metrics?.Rotations.Add(1);
                StartDraining(_current, now, finish: false);
                _current = null;
            }
            else if (!_missing)
            {
                _missing = true;
                _activity++;
                metrics?.MissingFiles.Add(1);
                TailLog.WaitingForFile(logger, source.Server, source.Path);
            }

            return;
        }

        if (_missing)
        {
            _missing = false;
            _activity++;
            metrics?.MissingFiles.Add(-1);
        }

        if (kind != FileKind.Regular)
        {
            // A directory, FIFO, device or socket at the path is never opened (a FIFO would block the open, a device
            // never ends): finish what was open, say so once, and look again at the next poll.
            if (_current is not null)
            {
                metrics?.Rotations.Add(1);
                StartDraining(_current, now, finish: false);
                _current = null;
            }

            Refuse($"it is {kind.Describe()}; a log path must be a regular file or a symlink to one");
            return;
        }

        if (_current is null)
        {
            // The path (re)appeared: a file seen before continues where it was, any other is read from its start.
            _current = OpenAtPath(identity, size, out _);
            _lastSize = -1;
            _activity++;
            return;
        }

        if (identity != _current.File.Identity)
        {
            Rotated(now, identity, size);
            return;
        }

        // Growth or shrinkage: verify the bytes we took are still there. Same size: verify now and then, so a rewrite
        // to exactly the old size is caught too (a rewrite that grows the file is caught by the read itself).
        var verify = size != _lastSize || now - _lastVerified >= Ticks(TimeSpan.FromSeconds(5));
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

    private void Rotated(long now, FileIdentity identity, long size)
    {
        var old = _current!;
        ReadSafely(old);
        _activity++;
        var next = OpenAtPath(identity, size, out var fresh);
        metrics?.Rotations.Add(1);
        if (next is null)
        {
            // What is at the path now cannot be opened (reported once): finish the old file, wait for the path.
            StartDraining(old, now, finish: false);
            _current = null;
            _lastSize = -1;
            return;
        }

        // Atomic replace with the same content (first 1 KiB and the bytes before our offset): continue, don't re-read.
        if (fresh && old.Checkpoint.FingerprintLength == TailCursor.FingerprintBytes && TailCursor.Matches(next.Handle, RandomAccess.GetLength(next.Handle), old.Consumed, old.Checkpoint))
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

        // copytruncate: the bytes we had not read yet are in a rotated copy; finish them from there. (Without a file
        // descriptor for the copy this throws before anything changed, and the next poll tries again.)
        var copy = TailResume.FindCopy(source, old, options, time);
        metrics?.Truncations.Add(1);
        _activity++;
        if (copy is not null)
        {
            TailLog.TruncatedWithCopy(logger, source.Server, source.Path, copy.File.Path, old.Consumed);
            StartDraining(copy, now, finish: true, blocking: true);
        }
        else
        {
            var lost = Math.Max(0, Math.Max(_lastSize, old.ReadPosition) - old.Consumed);
            metrics?.LostBytes.Add(lost);
            TailLog.Truncated(logger, source.Server, source.Path, old.Consumed, size, lost);
        }

        old.Dispose();
        _current = null;

        // Opened now, read from 0 once the copy is finished (a blocking drain holds it back): holding it open keeps its
        // new lines even if it is renamed away while the copy is still being read.
        _current = OpenHandle(source.Path) is { } handle ? NewCursor(handle, 0, TailResume.NewEpoch(time)) : null;
        _lastSize = -1;
    }

    /// <summary>
    /// Opens what is at the path now (<paramref name="identity"/> by stat). One reader per file: a file still being
    /// finished after it left the path takes the path back with its reader; a file read before (same device+inode and
    /// its saved bytes still there) continues from its offset; anything else is a new file, read from 0.
    /// </summary>
    private TailCursor? OpenAtPath(FileIdentity identity, long size, out bool fresh)
    {
        fresh = false;
        var i = _draining.FindIndex(d => !d.Blocking && d.Cursor.File.Identity == identity);
        if (i >= 0)
        {
            var d = _draining[i];
            _draining.RemoveAt(i);
            if (size >= d.Cursor.ReadPosition && d.Cursor.StillMatches(size))
            {
                TailLog.CameBack(logger, source.Server, source.Path, identity.ToString(), d.Cursor.Consumed);
                return d.Cursor;
            }

            StopRewritten(d.Cursor);
        }

        if (OpenHandle(source.Path) is not { } handle)
        {
            return null;
        }

        try
        {
            var opened = FileIdentity.Of(handle);
            var k = _known.FindIndex(p => p.Identity == opened);
            if (k >= 0)
            {
                var known = _known[k];
                _known.RemoveAt(k);
                if (TailCursor.Matches(handle, RandomAccess.GetLength(handle), known.Offset, known.Checkpoint))
                {
                    TailLog.KnownAgain(logger, source.Server, source.Path, opened.ToString(), known.Offset);
                    return NewCursor(handle, known.Offset, known.Epoch);
                }
            }
        }
        catch
        {
            TailFiles.Close(handle);
            throw;
        }

        fresh = true;
        return NewCursor(handle, 0, TailResume.NewEpoch(time));
    }

    /// <summary>A reader whose file was rewritten under it: its fragment (old bytes) is delivered, it reads no more.</summary>
    private void StopRewritten(TailCursor cursor)
    {
        FlushPartial(cursor);
        cursor.Dispose();
        _activity++;
        TailLog.RotatedRewritten(logger, source.Server, cursor.File.Path, cursor.File.Identity.ToString(), cursor.Consumed);
    }

    private void Remember(TailCursor cursor)
    {
        _known.RemoveAll(p => p.Identity == cursor.File.Identity);
        _known.Add(new TailPosition(cursor.File.Identity, cursor.File.Epoch, cursor.Consumed, cursor.Checkpoint, cursor.File.Path));
        if (_known.Count > KnownCap)
        {
            _known.RemoveAt(0);
        }
    }

    /// <summary>A cannot-follow reason (not a regular file), said once until it changes.</summary>
    private void Refuse(string reason)
    {
        if (_refusal == reason)
        {
            return;
        }

        _refusal = reason;
        _activity++;
        if (!_unreadable)
        {
            _unreadable = true;
            metrics?.ReadErrors.Add(1);
        }

        TailLog.NotRegular(logger, source.Server, source.Path, reason);
    }

    /// <summary>A file was opened: whatever kept it from being opened before is over.</summary>
    private void Opened()
    {
        if (_refusal is not null)
        {
            _refusal = null;
            TailLog.Followable(logger, source.Server, source.Path);
        }

        _unreadable = false;
        if (_unopened)
        {
            _unopened = false;
            metrics?.UnopenedFiles.Add(-1);
            TailLog.GotDescriptor(logger, source.Server, source.Path);
        }
    }

    private void StartDraining(TailCursor cursor, long now, bool finish, bool blocking = false) =>
        _draining.Add(new Draining(cursor) { Deadline = now + Ticks(options.RotateWait), Finish = finish, Blocking = blocking });

    /// <summary>Opens the path; null (reported once) when it cannot be; throws when no descriptor is left (the poll retries).</summary>
    private SafeFileHandle? OpenHandle(string path)
    {
        var handle = TailFiles.Open(path, out var failure, out var reason, options.Descriptors);
        switch (failure)
        {
            case OpenFailure.None:
                Opened();
                return handle;
            case OpenFailure.NoDescriptor:
                throw new NoDescriptorException(reason);
            case OpenFailure.NotRegular:
                Refuse(reason);
                return null;
            case OpenFailure.Missing:
                return null; // gone between the stat and the open: the next poll sees it missing
            default:
                if (!_unreadable)
                {
                    _unreadable = true;
                    _activity++;
                    metrics?.ReadErrors.Add(1);
                    TailLog.Unreadable(logger, source.Server, path, reason);
                }

                return null;
        }
    }

    private TailCursor NewCursor(SafeFileHandle handle, long offset, long epoch)
    {
        try
        {
            var file = new TailedFile(source.Server, source.Source, source.Path, FileIdentity.Of(handle), epoch, source.Kind);
            return new TailCursor(handle, file, offset, options.MaxLineBytes);
        }
        catch
        {
            TailFiles.Close(handle);
            throw;
        }
    }

    private long ReadSafely(TailCursor cursor)
    {
        try
        {
            var read = cursor.Read(_lines, options.MaxBytesPerTurn, ref _invalidUtf8);
            if (read > 0)
            {
                metrics?.Bytes.Add(read);
                _activity++;
            }

            return read;
        }
        catch (IOException e)
        {
            metrics?.ReadErrors.Add(1);
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

        metrics?.Lines.Add(_lines.Count);
        if (_invalidUtf8 > 0)
        {
            metrics?.InvalidUtf8.Add(_invalidUtf8);
            _invalidUtf8 = 0;
        }

        _lines.Clear();
    }

    private void Count(TailedLineFlags flags)
    {
        if (flags.HasFlag(TailedLineFlags.Partial))
        {
            metrics?.PartialLines.Add(1);
        }

        if (flags.HasFlag(TailedLineFlags.Truncated))
        {
            metrics?.TruncatedLines.Add(1);
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
