using System.Runtime.CompilerServices;

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
/// <param name="Kind">The source's kind (from <see cref="TailSource.Kind"/>): which patterns parse its lines.</param>
internal sealed record TailedFile(string Server, string Source, string Path, FileIdentity Identity, long Epoch, Events.LogSourceKind Kind = Events.LogSourceKind.Console)
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
    // The read's LineChunk for a complete line read from a file (it holds what the checkpoint needs); otherwise the checkpoint, boxed.
    private object _source = Checkpoint.FingerprintLength == 0 ? null! : new StrongBox<TailCheckpoint>(Checkpoint);
    private readonly int _index;
    private string? _text = Text;

    /// <summary>A complete line whose bytes are <c>chunk.Bytes[index..]</c> up to its newline; the 32 bytes before its end are in the chunk too.</summary>
    internal TailedLine(TailedFile file, long start, long end, TailedLineFlags flags, LineChunk chunk, int index)
        : this(file, start, end, null!, flags, default)
    {
        _source = chunk;
        _index = index;
    }

    /// <summary>The line's text: UTF-8 decoded (invalid sequences replaced), without CR, BOM or leading NULs.</summary>
    public string Text
    {
        get => _text ??= System.Text.Encoding.UTF8.GetString(Utf8);
        init
        {
            if (_source is LineChunk)
            {
                _source = new StrongBox<TailCheckpoint>(Checkpoint); // a copy with another text keeps its checkpoint, not the bytes
            }

            _text = value;
        }
    }

    /// <summary>
    /// The bytes <see cref="Text"/> decodes: for a complete line read from a file, the file's own bytes (no copy, no
    /// decoding; they may hold invalid sequences when <see cref="Flags"/> says so, which Text replaces with U+FFFD);
    /// for other lines, Text encoded. For matching on bytes before paying for a string.
    /// </summary>
    public ReadOnlySpan<byte> Utf8 => _source is LineChunk chunk
        ? LineText.TextBytes(chunk.Bytes.AsSpan(_index, (int)(End - Start) - 1), Start)
        : System.Text.Encoding.UTF8.GetBytes(_text ?? string.Empty);

    /// <summary>The checkpoint at <see cref="End"/>: the file's head fingerprint and the offset marker (hashed when asked).</summary>
    public TailCheckpoint Checkpoint
    {
        get
        {
            if (_source is not LineChunk chunk)
            {
                return _source is StrongBox<TailCheckpoint> box ? box.Value : default;
            }

            // Past the first KiB the fingerprint is the file's; within it, the chunk starts at the file's start and holds it.
            var end = _index + (int)(End - Start);
            var marker = (int)Math.Min(TailCursor.MarkerBytes, End);
            var fingerprint = End >= TailCursor.FingerprintBytes ? chunk.Fingerprint : ContentHash.Of(chunk.Bytes.AsSpan(0, end));
            return new TailCheckpoint((int)Math.Min(End, TailCursor.FingerprintBytes), fingerprint, marker, ContentHash.Of(chunk.Bytes.AsSpan(end - marker, marker)));
        }

        init
        {
            _text ??= Text;
            _source = new StrongBox<TailCheckpoint>(value);
        }
    }

    public string EventId => File.IdPrefix + Start.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public TailPosition ToPosition() => new(File.Identity, File.Epoch, End, Checkpoint, File.Path);
}

/// <summary>
/// The bytes of one read's complete lines (with up to 32 bytes before the first) and the file's head fingerprint over
/// its first KiB (0 while the file is shorter). Its lines in the first KiB exist only when the chunk starts at offset 0.
/// </summary>
internal sealed class LineChunk(byte[] bytes, ulong fingerprint)
{
    public byte[] Bytes { get; } = bytes;

    public ulong Fingerprint { get; } = fingerprint;
}
