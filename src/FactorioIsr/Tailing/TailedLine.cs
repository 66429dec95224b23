namespace FactorioIsr.Tailing;

/// <summary>What is special about a line.</summary>
[Flags]
internal enum TailedLineFlags
{
    None = 0,

    /// <summary>The file ended (rotated away or deleted) before this line got its newline.</summary>
    Partial = 1,

    /// <summary>The line was longer than the limit; only its head is in <see cref="TailedLine.Text"/>.</summary>
    Truncated = 2,

    /// <summary>Invalid UTF-8 was replaced with U+FFFD.</summary>
    InvalidUtf8 = 4,
}

/// <summary>One file as read by a tailer: who reads it, where it was found, and its identity for event ids.</summary>
/// <param name="Server">Server tag.</param>
/// <param name="Source">Source name.</param>
/// <param name="Path">Where the file was found.</param>
/// <param name="Identity">Device + inode.</param>
/// <param name="Epoch">Distinguishes readings of the same inode from 0 (truncation, inode reuse), so event ids never repeat.</param>
internal sealed record TailedFile(string Server, string Source, string Path, FileIdentity Identity, long Epoch)
{
    /// <summary>Event id prefix: server + source + file identity; the id appends the line's start offset.</summary>
    public string IdPrefix { get; } = $"{Server}/{Source}/{Identity}-{Epoch:x}/";
}

/// <summary>
/// What must be saved with an offset so a restart can prove it is looking at the same bytes: a hash of the file's
/// first bytes (up to <see cref="TailCursor.FingerprintBytes"/>, never past the offset) and a hash of the bytes just
/// before the offset (the offset marker).
/// </summary>
internal readonly record struct TailCheckpoint(int FingerprintLength, ulong Fingerprint, int MarkerLength, ulong Marker);

/// <summary>A saved position: the file, the end of the last complete line taken, and its checkpoint.</summary>
internal sealed record TailPosition(FileIdentity Identity, long Epoch, long Offset, TailCheckpoint Checkpoint, string Path);

/// <summary>
/// One complete line (or a flagged fragment) and where it lies in its file. <see cref="End"/> is the offset after the
/// line's newline: committing it means "everything before End is taken".
/// </summary>
/// <remarks>
/// A line read by a <see cref="TailCursor"/> keeps its bytes in a chunk shared with the other lines of the same read
/// (with the 32 bytes before the first one), so reading allocates one small object per line: <see cref="Text"/> is
/// decoded on first use (validation, the <see cref="TailedLineFlags.InvalidUtf8"/> flag and the count happen when the
/// line is read), and <see cref="Checkpoint"/>'s offset marker is hashed only for the lines whose position is saved.
/// </remarks>
internal sealed record TailedLine(TailedFile File, long Start, long End, string Text, TailedLineFlags Flags, TailCheckpoint Checkpoint)
{
    private byte[]? _chunk;
    private readonly int _index;
    private readonly int _fingerprintLength = Checkpoint.FingerprintLength;
    private readonly ulong _fingerprint = Checkpoint.Fingerprint;
    private readonly int _markerLength = Checkpoint.MarkerLength;
    private readonly ulong _marker = Checkpoint.Marker;
    private string? _text = Text;

    /// <summary>A complete line whose bytes are <c>chunk[index..]</c> up to its newline; the 32 bytes before its end are in the chunk too.</summary>
    internal TailedLine(TailedFile file, long start, long end, TailedLineFlags flags, byte[] chunk, int index, int fingerprintLength, ulong fingerprint)
        : this(file, start, end, null!, flags, new TailCheckpoint(fingerprintLength, fingerprint, -1, 0))
    {
        _chunk = chunk;
        _index = index;
    }

    /// <summary>The line's text: UTF-8 decoded (invalid sequences replaced), without CR, BOM or leading NULs.</summary>
    public string Text
    {
        get => _text ??= System.Text.Encoding.UTF8.GetString(Utf8);
        init
        {
            if (_chunk is not null)
            {
                // A copy with another text: its checkpoint is taken now, its bytes are the new text's.
                var checkpoint = Checkpoint;
                (_fingerprintLength, _fingerprint, _markerLength, _marker) = (checkpoint.FingerprintLength, checkpoint.Fingerprint, checkpoint.MarkerLength, checkpoint.Marker);
                _chunk = null;
            }

            _text = value;
        }
    }

    /// <summary>
    /// The bytes <see cref="Text"/> decodes: for a complete line read from a file, the file's own bytes (no copy, no decoding;
    /// they may hold invalid sequences when <see cref="Flags"/> says so, which Text replaces with U+FFFD). For matching
    /// on bytes before paying for a string.
    /// </summary>
    public ReadOnlySpan<byte> Utf8 => _chunk is null
        ? System.Text.Encoding.UTF8.GetBytes(_text ?? string.Empty)
        : TailCursor.TextBytes(_chunk.AsSpan(_index, (int)(End - Start) - 1), Start);

    /// <summary>The checkpoint at <see cref="End"/>: the file's head fingerprint and the offset marker.</summary>
    public TailCheckpoint Checkpoint
    {
        get
        {
            if (_markerLength >= 0 || _chunk is null)
            {
                return new TailCheckpoint(_fingerprintLength, _fingerprint, _markerLength, _marker);
            }

            var length = (int)Math.Min(TailCursor.MarkerBytes, End);
            var end = _index + (int)(End - Start);
            return new TailCheckpoint(_fingerprintLength, _fingerprint, length, ContentHash.Of(_chunk.AsSpan(end - length, length))); // a chunk line (marker length -1)
        }

        init => (_fingerprintLength, _fingerprint, _markerLength, _marker) = (value.FingerprintLength, value.Fingerprint, value.MarkerLength, value.Marker);
    }

    public string EventId => File.IdPrefix + Start.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public TailPosition ToPosition() => new(File.Identity, File.Epoch, End, Checkpoint, File.Path);
}
