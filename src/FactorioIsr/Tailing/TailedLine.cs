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
internal sealed record TailedLine(TailedFile File, long Start, long End, string Text, TailedLineFlags Flags, TailCheckpoint Checkpoint)
{
    public string EventId => File.IdPrefix + Start.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public TailPosition ToPosition() => new(File.Identity, File.Epoch, End, Checkpoint, File.Path);
}
