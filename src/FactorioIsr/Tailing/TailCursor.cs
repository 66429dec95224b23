using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace FactorioIsr.Tailing;

/// <summary>
/// Reads one open file forward from an offset and cuts it into lines. Positional reads on a handle we keep open, so a
/// rename or delete never loses the bytes still to read. Only complete lines are emitted (a fragment waits for its
/// newline), except by <see cref="FlushPartial"/> when the file is finished. Not thread-safe: one tailer owns it.
/// </summary>
internal sealed class TailCursor : IDisposable
{
    public const int FingerprintBytes = 1024;
    public const int MarkerBytes = 32;
    private const int ReadChunk = 64 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private readonly byte[] _head = new byte[FingerprintBytes];
    private int _headLength;

    // _buffer[0.._end) are the file's bytes from _bufferOffset on; up to MarkerBytes of history sit before _lineStart.
    private long _bufferOffset;
    private int _lineStart;
    private int _scanFrom;
    private int _end;

    // Inside a line longer than the limit: its head is kept, the rest is skipped up to the newline.
    private byte[]? _longHead;
    private long _longStart;
    private TailCheckpoint _longCheckpoint;

    // The head fingerprint for the last length asked (it stops changing once the file is 1 KiB long).
    private int _fingerprintLength = -1;
    private ulong _fingerprint;

    public TailCursor(SafeFileHandle handle, TailedFile file, long startOffset, int maxLineBytes)
    {
        _handle = handle;
        File = file;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[maxLineBytes + MarkerBytes + (2 * ReadChunk)];
        _headLength = (int)Math.Min(startOffset, FingerprintBytes);
        ReadExactly(_head.AsSpan(0, _headLength), 0);
        var history = (int)Math.Min(startOffset, MarkerBytes);
        _bufferOffset = startOffset - history;
        ReadExactly(_buffer.AsSpan(0, history), _bufferOffset);
        _lineStart = _scanFrom = _end = history;
    }

    public TailedFile File { get; }

    /// <summary>Offset after the last line taken: what a restart resumes from.</summary>
    public long Consumed => _longHead is null ? _bufferOffset + _lineStart : _longStart;

    /// <summary>Offset of the next byte to read.</summary>
    public long ReadPosition => _bufferOffset + _end;

    /// <summary>The checkpoint at <see cref="Consumed"/>.</summary>
    public TailCheckpoint Checkpoint => _longHead is null ? MakeCheckpoint(_lineStart) : _longCheckpoint;

    /// <summary>Bytes read but not yet part of a complete line.</summary>
    public bool HasPending => _longHead is not null || _end > _lineStart;

    public SafeFileHandle Handle => _handle;

    /// <summary>
    /// The file no longer holds the bytes taken (its head or the bytes before <see cref="Consumed"/> changed: it was
    /// truncated and rewritten, or copied over in place). Nothing read after that is emitted, and this cursor reads no
    /// more: an offset into one content must never continue into another.
    /// </summary>
    public bool Rewritten { get; private set; }

    /// <summary>Reads what is there (up to about <paramref name="maxBytes"/>) and appends the complete lines.</summary>
    /// <returns>The number of bytes read.</returns>
    public long Read(List<TailedLine> output, long maxBytes, ref long invalidUtf8)
    {
        long total = 0;
        while (total < maxBytes && !Rewritten)
        {
            MakeRoom();

            // One read chunk at a time: the lines of one read share a copy of its bytes, small enough for the young
            // generation (under the large-object threshold), so it dies cheaply with its lines.
            var n = RandomAccess.Read(_handle, _buffer.AsSpan(_end, Math.Min(ReadChunk, _buffer.Length - _end)), ReadPosition);
            if (n <= 0)
            {
                break;
            }

            // Checked after the read, before its bytes are used: a rewrite that came before the read is visible now.
            if (!Matches(_handle, long.MaxValue, Consumed, Checkpoint))
            {
                Rewritten = true;
                break;
            }

            CaptureHead(ReadPosition, _buffer.AsSpan(_end, n));
            _end += n;
            total += n;
            Split(output, ref invalidUtf8);
        }

        return total;
    }

    /// <summary>Emits what is left without a newline as one flagged line (the file is finished).</summary>
    public void FlushPartial(List<TailedLine> output, ref long invalidUtf8)
    {
        if (!HasPending)
        {
            return;
        }

        var flags = TailedLineFlags.Partial;
        var text = TakeLine(_end, ref flags, ref invalidUtf8, out var start);

        _lineStart = _scanFrom = _end;
        output.Add(new TailedLine(File, start, ReadPosition, text, flags, MakeCheckpoint(_end)));
    }

    /// <summary>True when the file still holds the bytes we took: head fingerprint and offset marker match.</summary>
    public bool StillMatches(long size) => Matches(_handle, size, Consumed, Checkpoint);

    /// <summary>Whether a file continues a saved position: size, head fingerprint and offset marker all agree.</summary>
    public static bool Matches(SafeFileHandle handle, long size, long offset, TailCheckpoint checkpoint)
    {
        if (size < offset || checkpoint.FingerprintLength is < 0 or > FingerprintBytes || checkpoint.MarkerLength is < 0 or > MarkerBytes || checkpoint.MarkerLength > offset)
        {
            return false; // too short, or a checkpoint no tailer writes (a damaged state row)
        }

        Span<byte> head = stackalloc byte[FingerprintBytes];
        var fp = head[..checkpoint.FingerprintLength];
        if (RandomAccess.Read(handle, fp, 0) != fp.Length || ContentHash.Of(fp) != checkpoint.Fingerprint)
        {
            return false;
        }

        var marker = head[..checkpoint.MarkerLength];
        return RandomAccess.Read(handle, marker, offset - marker.Length) == marker.Length && ContentHash.Of(marker) == checkpoint.Marker;
    }

    public void Dispose() => TailFiles.Close(_handle);

    private void MakeRoom()
    {
        if (_buffer.Length - _end >= ReadChunk)
        {
            return;
        }

        var keep = Math.Max(0, _lineStart - MarkerBytes);
        _buffer.AsSpan(keep, _end - keep).CopyTo(_buffer);
        _bufferOffset += keep;
        _lineStart -= keep;
        _scanFrom -= keep;
        _end -= keep;
    }

    /// <summary>The text of the line ending at <paramref name="lineEnd"/> (a cut long line's kept head when there is one) and its start offset.</summary>
    private string TakeLine(int lineEnd, ref TailedLineFlags flags, ref long invalidUtf8, out long start)
    {
        if (_longHead is not null)
        {
            start = _longStart;
            var head = LineText.Decode(_longHead, start, ref flags, ref invalidUtf8);
            flags |= TailedLineFlags.Truncated;
            _longHead = null;
            return head;
        }

        start = _bufferOffset + _lineStart;
        return LineText.Decode(_buffer.AsSpan(_lineStart, lineEnd - _lineStart), start, ref flags, ref invalidUtf8);
    }

    private void Split(List<TailedLine> output, ref long invalidUtf8)
    {
        while (_scanFrom < _end)
        {
            if (_longHead is not null)
            {
                // The rest of a line over the limit: skipped up to its newline.
                var idx = _buffer.AsSpan(_scanFrom, _end - _scanFrom).IndexOf((byte)'\n');
                if (idx < 0)
                {
                    _lineStart = _scanFrom = _end;
                    return;
                }

                var flags = TailedLineFlags.None;
                var text = TakeLine(_scanFrom + idx, ref flags, ref invalidUtf8, out var start);
                _lineStart = _scanFrom = _scanFrom + idx + 1;
                output.Add(new TailedLine(File, start, _bufferOffset + _lineStart, text, flags, MakeCheckpoint(_lineStart)));
                continue;
            }

            var last = _buffer.AsSpan(_scanFrom, _end - _scanFrom).LastIndexOf((byte)'\n');
            if (last < 0)
            {
                _scanFrom = _end;
                if (_end - _lineStart > _maxLineBytes)
                {
                    _longStart = _bufferOffset + _lineStart;
                    _longCheckpoint = MakeCheckpoint(_lineStart);
                    _longHead = _buffer.AsSpan(_lineStart, LineText.Utf8Cut(_buffer.AsSpan(_lineStart, _maxLineBytes + 1), _maxLineBytes)).ToArray();
                    _lineStart = _end;
                }

                return;
            }

            SplitComplete(output, _scanFrom + last + 1, ref invalidUtf8);
        }
    }

    /// <summary>Takes the complete lines of <c>_buffer[_lineStart..regionEnd)</c>, which ends with a newline.</summary>
    private void SplitComplete(List<TailedLine> output, int regionEnd, ref long invalidUtf8)
    {
        // One copy of the region, with the marker's bytes before its first line, is shared by its lines.
        var historyStart = Math.Max(0, _lineStart - MarkerBytes);
        var bytes = GC.AllocateUninitializedArray<byte>(regionEnd - historyStart);
        _buffer.AsSpan(historyStart, regionEnd - historyStart).CopyTo(bytes);
        LineChunk? chunk = null;
        var from = _lineStart;
        while (from < regionEnd)
        {
            var newline = from + _buffer.AsSpan(from, regionEnd - from).IndexOf((byte)'\n');
            var start = _bufferOffset + from;
            var end = _bufferOffset + newline + 1;
            var line = _buffer.AsSpan(from, newline - from);
            if (line.Length > _maxLineBytes)
            {
                // A line over the limit that arrived whole is cut like one that arrives in pieces.
                var flags = TailedLineFlags.Truncated;
                var text = LineText.Decode(line[..LineText.Utf8Cut(line, _maxLineBytes)], start, ref flags, ref invalidUtf8);
                output.Add(new TailedLine(File, start, end, text, flags, MakeCheckpoint(newline + 1)));
            }
            else
            {
                var flags = TailedLineFlags.None;
                var text = LineText.TextBytes(line, start);
                if (!Utf8.IsValid(text))
                {
                    flags = TailedLineFlags.InvalidUtf8;
                    invalidUtf8 += LineText.CountInvalid(text);
                }

                if (end >= FingerprintBytes || _bufferOffset + historyStart == 0)
                {
                    chunk ??= new LineChunk(bytes, ReadPosition >= FingerprintBytes ? Fingerprint(FingerprintBytes).Hash : 0);
                    output.Add(new TailedLine(File, start, end, flags, chunk, from - historyStart));
                }
                else
                {
                    // In the first KiB of a file resumed there: the chunk lacks the head the fingerprint covers.
                    output.Add(new TailedLine(File, start, end, System.Text.Encoding.UTF8.GetString(text), flags, MakeCheckpoint(newline + 1)));
                }
            }

            from = newline + 1;
        }

        _lineStart = _scanFrom = regionEnd;
    }

    private TailCheckpoint MakeCheckpoint(int endIndex)
    {
        var (fpLength, fp) = Fingerprint(_bufferOffset + endIndex);
        var markerStart = Math.Max(0, endIndex - MarkerBytes);
        return new TailCheckpoint(fpLength, fp, endIndex - markerStart, ContentHash.Of(_buffer.AsSpan(markerStart, endIndex - markerStart)));
    }

    /// <summary>The head fingerprint at an offset: a hash of the file's first bytes up to it (at most 1 KiB), hashed once per length.</summary>
    private (int Length, ulong Hash) Fingerprint(long end)
    {
        var length = (int)Math.Min(end, FingerprintBytes);
        if (length != _fingerprintLength)
        {
            _fingerprint = ContentHash.Of(_head.AsSpan(0, length));
            _fingerprintLength = length;
        }

        return (length, _fingerprint);
    }

    private void CaptureHead(long offset, ReadOnlySpan<byte> bytes)
    {
        if (offset >= FingerprintBytes || offset > _headLength)
        {
            return;
        }

        var take = (int)Math.Min(bytes.Length, FingerprintBytes - offset);
        bytes[..take].CopyTo(_head.AsSpan((int)offset));
        _headLength = Math.Max(_headLength, (int)offset + take);
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(_handle, destination, offset);
            if (n <= 0)
            {
                throw new IOException("file shorter than the position being resumed");
            }

            destination = destination[n..];
            offset += n;
        }
    }
}
