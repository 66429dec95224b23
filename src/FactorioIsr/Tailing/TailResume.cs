using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace FactorioIsr.Tailing;

/// <summary>What a tailer picks up at start: the current file's cursor, rotated files to finish, positions to forget.</summary>
/// <param name="Current">The followed path's file, or null when it does not exist.</param>
/// <param name="Rotated">Rotated files to finish; <c>Copy</c> ones continue another file's position (copytruncate) and must be finished before the path's file is read, so its new position never overwrites the one they continue.</param>
/// <param name="Forgotten">Saved positions that match no file, older than the <see cref="TailResume.KeptUnmatched"/> newest: the caller deletes them.</param>
/// <param name="Unmatched">The newest saved positions that match no file: kept, because a file moved away (or a symlink flipped) may come back under the path, and then it continues from its saved offset instead of being read again.</param>
internal sealed record ResumeResult(TailCursor? Current, IReadOnlyList<(TailCursor Cursor, bool Copy)> Rotated, IReadOnlyList<TailPosition> Forgotten, IReadOnlyList<TailPosition> Unmatched);

/// <summary>
/// Matches saved positions to the files on disk at start. A position continues in a file only when the file's head
/// fingerprint and the offset marker agree (and it is long enough); a position first claims the file with its own
/// device+inode (rename rotation), then, failing that, a file with its content (copytruncate copy, atomic replace).
/// </summary>
/// <param name="list">Lists the candidate files (tests use it to change the directory between listing and matching).</param>
internal sealed class TailResume(TailSource source, TailOptions options, TimeProvider time, ILogger logger, Func<IReadOnlyList<TailResume.Candidate>>? list = null)
{
    /// <summary>How many unmatched saved positions per source are kept for files that may come back.</summary>
    public const int KeptUnmatched = 8;

    private static long s_lastEpoch;

    /// <summary>A fresh epoch for a file read from 0: milliseconds, strictly increasing within the process.</summary>
    public static long NewEpoch(TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        while (true)
        {
            var last = Volatile.Read(ref s_lastEpoch);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref s_lastEpoch, next, last) == last)
            {
                return next;
            }
        }
    }

    public ResumeResult Resume(IReadOnlyList<TailPosition> saved)
    {
        var claimedPaths = new HashSet<string>(StringComparer.Ordinal);
        var claimedFiles = new HashSet<FileIdentity>();
        var done = new HashSet<TailPosition>();
        TailCursor? current = null;
        var rotated = new List<(TailCursor, bool)>();
        List<Candidate> candidates = [];

        void Take(Candidate c, TailPosition position, SafeFileHandle handle)
        {
            claimedPaths.Add(c.Path);
            claimedFiles.Add(c.Identity);
            done.Add(position);
            var sameIdentity = c.Identity == position.Identity;
            var file = new TailedFile(source.Server, source.Source, c.Path, c.Identity, sameIdentity ? position.Epoch : NewEpoch(time), source.Kind);
            TailCursor cursor;
            try
            {
                cursor = new TailCursor(handle, file, position.Offset, options.MaxLineBytes);
            }
            catch
            {
                TailFiles.Close(handle);
                throw;
            }

            if (c.Path == source.Path)
            {
                current = cursor;
            }
            else
            {
                TailLog.ResumingRotated(logger, source.Server, c.Path, position.Offset);
                rotated.Add((cursor, !sameIdentity));
            }
        }

        bool Free(Candidate c) => !claimedPaths.Contains(c.Path) && !claimedFiles.Contains(c.Identity);

        try
        {
            // A position that matches nothing may only mean that the directory changed while we looked: a copytruncate
            // or a rename between the listing and the opening. Either leaves the bytes in a file that a listing taken
            // after we saw the change shows (a copy is complete before the truncation; a rename happened before we
            // opened the path and found another file), so what is left is matched once more against a fresh listing.
            for (var attempt = 0; attempt < 2 && done.Count < saved.Count; attempt++)
            {
                candidates = [.. list?.Invoke() ?? Candidates(source)];
                var left = saved.Where(p => !done.Contains(p)).ToList();

                // Pass 1: the file with the saved device+inode, if its content still matches (plain resume, rename rotation).
                foreach (var position in left)
                {
                    var c = candidates.Find(c => c.Identity == position.Identity && Free(c));
                    if (c is not null && TryOpenMatching(c, position, options.Descriptors) is { } handle)
                    {
                        if (c.Path != source.Path && position.Path != source.Path && RandomAccess.GetLength(handle) == position.Offset)
                        {
                            // A rotated file already read as one (a copytruncate copy, a rotated file finished after a
                            // restart) and read to its end: finished. It is not reopened, so a later rotation that
                            // rewrites it in place (cp over NAME.1) cannot be read on from this offset.
                            TailFiles.Close(handle);
                            claimedPaths.Add(c.Path);
                            claimedFiles.Add(c.Identity);
                            done.Add(position);
                            continue;
                        }

                        Take(c, position, handle);
                    }
                }

                // Pass 2: a file with the same content under another identity (copytruncate copy, atomic replace, NFS
                // remount). The followed path itself needs a full fingerprint: two small files with equal heads are too
                // easily confused.
                foreach (var position in left.Where(p => !done.Contains(p) && p.Offset > 0))
                {
                    foreach (var c in candidates.Where(Free))
                    {
                        if (c.Path == source.Path && position.Checkpoint.FingerprintLength < TailCursor.FingerprintBytes)
                        {
                            continue;
                        }

                        if (TryOpenMatching(c, position, options.Descriptors) is { } handle)
                        {
                            Take(c, position, handle);
                            break;
                        }
                    }
                }
            }

            if (saved.Count == 0)
            {
                candidates = [.. list?.Invoke() ?? Candidates(source)];
            }
        }
        catch
        {
            current?.Dispose();
            rotated.ForEach(r => r.Item1.Dispose());
            throw;
        }

        // Saved positions come oldest first: the newest unmatched ones are kept.
        var unmatched = saved.Where(p => !done.Contains(p)).ToList();
        var forgotten = unmatched[..Math.Max(0, unmatched.Count - KeptUnmatched)];
        var kept = unmatched[forgotten.Count..];
        foreach (var position in forgotten)
        {
            TailLog.PositionForgotten(logger, source.Server, position.Path, position.Identity.ToString(), position.Offset);
        }

        foreach (var position in kept)
        {
            TailLog.PositionKept(logger, source.Server, position.Path, position.Identity.ToString(), position.Offset);
        }

        try
        {
            if (current is null && candidates.Find(c => c.Path == source.Path) is not null)
            {
                current = OpenFresh(saved.Count > 0);
            }
        }
        catch
        {
            rotated.ForEach(r => r.Item1.Dispose());
            throw;
        }

        return new ResumeResult(current, rotated, forgotten, kept);
    }

    /// <summary>After an in-place truncation: a rotated copy holding the bytes after <paramref name="truncated"/>'s offset.</summary>
    public static TailCursor? FindCopy(TailSource source, TailCursor truncated, TailOptions options, TimeProvider time)
    {
        if (truncated.Consumed == 0)
        {
            return null; // nothing taken yet: every file "continues" offset 0, so no copy can be told apart
        }

        var position = new TailPosition(truncated.File.Identity, truncated.File.Epoch, truncated.Consumed, truncated.Checkpoint, truncated.File.Path);
        foreach (var c in Candidates(source).Where(c => c.Path != source.Path && c.Identity != truncated.File.Identity))
        {
            if (TryOpenMatching(c, position, options.Descriptors) is { } handle)
            {
                var file = new TailedFile(source.Server, source.Source, c.Path, c.Identity, NewEpoch(time), source.Kind);
                return new TailCursor(handle, file, position.Offset, options.MaxLineBytes);
            }
        }

        return null;
    }

    private TailCursor? OpenFresh(bool known)
    {
        if (TailFiles.Open(source.Path, out var failure, out var reason, options.Descriptors) is not { } handle)
        {
            return failure == OpenFailure.NoDescriptor ? throw new NoDescriptorException(reason) : null; // the poll loop reports the others
        }

        // start_at applies only to a source with nothing saved; a known source's new file is read from 0.
        var offset = known || source.StartAt == TailStartAt.Beginning ? 0 : EndOfLastLine(handle);
        var file = new TailedFile(source.Server, source.Source, source.Path, FileIdentity.Of(handle), NewEpoch(time), source.Kind);
        return new TailCursor(handle, file, offset, options.MaxLineBytes);
    }

    private static SafeFileHandle? TryOpenMatching(Candidate c, TailPosition position, DescriptorBudget budget)
    {
        if (TailFiles.Open(c.Path, out var failure, out var reason, budget) is not { } handle)
        {
            // Without a descriptor nothing can be matched: the whole resume waits, rather than forget what it could not open.
            return failure == OpenFailure.NoDescriptor ? throw new NoDescriptorException(reason) : null;
        }

        try
        {
            if (FileIdentity.Of(handle) == c.Identity && TailCursor.Matches(handle, RandomAccess.GetLength(handle), position.Offset, position.Checkpoint))
            {
                return handle;
            }
        }
        catch (IOException)
        {
        }

        TailFiles.Close(handle);
        return null;
    }

    // Offset just after the last newline, so a line being written when we start is delivered whole.
    private static long EndOfLastLine(SafeFileHandle handle)
    {
        var size = RandomAccess.GetLength(handle);
        var window = (int)Math.Min(size, 64 * 1024);
        var buffer = new byte[window];
        var n = RandomAccess.Read(handle, buffer, size - window);
        var last = buffer.AsSpan(0, n).LastIndexOf((byte)'\n');
        return last < 0 ? size : size - window + last + 1;
    }

    /// <summary>The followed path plus the names a rotated copy of it may have.</summary>
    internal static IEnumerable<Candidate> Candidates(TailSource source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in CandidatePaths(source))
        {
            if (seen.Add(path) && FileIdentity.TryStat(path, out var identity, out var size, out var kind) && kind == FileKind.Regular)
            {
                yield return new Candidate(path, identity, size);
            }
        }
    }

    private static IEnumerable<string> CandidatePaths(TailSource source)
    {
        yield return source.Path;
        yield return source.Path + ".1";
        yield return source.Path + ".old";
        var directory = Path.GetDirectoryName(Path.GetFullPath(source.Path)) ?? ".";
        var name = Path.GetFileName(source.Path);
        const string Current = "-current.log";
        if (name.EndsWith(Current, StringComparison.Ordinal))
        {
            yield return Path.Combine(Path.GetDirectoryName(source.Path) ?? string.Empty, name[..^Current.Length] + "-previous.log");
        }

        foreach (var glob in source.RotatedGlobs ?? [])
        {
            IEnumerable<string> matches;
            try
            {
                matches = Directory.EnumerateFiles(directory, glob).Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var match in matches)
            {
                yield return match;
            }
        }
    }

    internal sealed record Candidate(string Path, FileIdentity Identity, long Size);
}
