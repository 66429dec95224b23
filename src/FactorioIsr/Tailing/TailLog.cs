using Microsoft.Extensions.Logging;

namespace FactorioIsr.Tailing;

/// <summary>Tailing log messages (event ids 3000-3099).</summary>
internal static partial class TailLog
{
    [LoggerMessage(3000, LogLevel.Information, "[{Server}] waiting for {Path} to appear (no further messages; see isr_tail_missing_files)")]
    public static partial void WaitingForFile(ILogger logger, string server, string path);

    [LoggerMessage(3001, LogLevel.Information, "[{Server}] {Path} rotated ({OldIdentity} -> {NewIdentity}): finishing the old file, reading the new one from its start")]
    public static partial void RotationDetected(ILogger logger, string server, string path, string oldIdentity, string newIdentity);

    [LoggerMessage(3002, LogLevel.Information, "[{Server}] {Path} disappeared: finishing the open file")]
    public static partial void PathGone(ILogger logger, string server, string path);

    [LoggerMessage(3003, LogLevel.Information, "[{Server}] finished rotated file {Path} ({Identity}) at offset {Offset}")]
    public static partial void FinishedRotated(ILogger logger, string server, string path, string identity, long offset);

    [LoggerMessage(3004, LogLevel.Information, "[{Server}] {Path} was replaced by a file with the same content; continuing at offset {Offset}")]
    public static partial void ReplacedSameContent(ILogger logger, string server, string path, long offset);

    [LoggerMessage(3005, LogLevel.Information, "[{Server}] {Path} was truncated (copytruncate); reading the rest from the copy {Copy} at offset {Offset}")]
    public static partial void TruncatedWithCopy(ILogger logger, string server, string path, string copy, long offset);

    [LoggerMessage(3006, LogLevel.Warning, "[{Server}] {Path} was truncated or rewritten in place at offset {Offset} (size now {Size}); reading it from 0; {Lost} unread bytes are gone (isr_tail_lost_bytes)")]
    public static partial void Truncated(ILogger logger, string server, string path, long offset, long size, long lost);

    [LoggerMessage(3007, LogLevel.Warning, "[{Server}] cannot open {Path}: {Reason} (retrying every poll; isr_tail_read_errors)")]
    public static partial void Unreadable(ILogger logger, string server, string path, string reason);

    [LoggerMessage(3008, LogLevel.Warning, "[{Server}] reading {Path} failed: {Reason}")]
    public static partial void ReadFailed(ILogger logger, string server, string path, string reason);

    [LoggerMessage(3009, LogLevel.Information, "[{Server}] resuming rotated file {Path} at offset {Offset}")]
    public static partial void ResumingRotated(ILogger logger, string server, string path, long offset);

    [LoggerMessage(3010, LogLevel.Information, "[{Server}] saved position in {Path} ({Identity}, offset {Offset}) matches no file any more (truncated, replaced or rotated away); forgetting it")]
    public static partial void PositionForgotten(ILogger logger, string server, string path, string identity, long offset);

    [LoggerMessage(3011, LogLevel.Error, "[{Server}] unexpected error while following {Path}; retrying in 1 s")]
    public static partial void Unexpected(ILogger logger, Exception exception, string server, string path);

    [LoggerMessage(3012, LogLevel.Information, "[{Server}] saved position in {Path} ({Identity}, offset {Offset}) matches no file now; kept, so the file continues from there if it comes back under the followed path")]
    public static partial void PositionKept(ILogger logger, string server, string path, string identity, long offset);

    [LoggerMessage(3013, LogLevel.Warning, "[{Server}] cannot follow {Path}: {Reason} (retrying; no further messages until it changes; isr_tail_read_errors)")]
    public static partial void NotRegular(ILogger logger, string server, string path, string reason);

    [LoggerMessage(3014, LogLevel.Warning, "[{Server}] cannot open {Path}: no file descriptor left: {Reason} (retrying; isr_tail_unopened_files)")]
    public static partial void NoDescriptor(ILogger logger, string server, string path, string reason);

    [LoggerMessage(3015, LogLevel.Information, "[{Server}] {Path} opened after waiting for a file descriptor")]
    public static partial void GotDescriptor(ILogger logger, string server, string path);

    [LoggerMessage(3016, LogLevel.Information, "[{Server}] {Path} is {Identity} again, a file already being read: continuing it at offset {Offset} with the same reader")]
    public static partial void CameBack(ILogger logger, string server, string path, string identity, long offset);

    [LoggerMessage(3017, LogLevel.Information, "[{Server}] {Path} is {Identity} again, a file read before up to offset {Offset}: continuing from there")]
    public static partial void KnownAgain(ILogger logger, string server, string path, string identity, long offset);

    [LoggerMessage(3018, LogLevel.Warning, "[{Server}] {Path} ({Identity}) was rewritten while being finished as a rotated file (copied over in place?); stopped at offset {Offset}, nothing of the new content is read from there")]
    public static partial void RotatedRewritten(ILogger logger, string server, string path, string identity, long offset);

    [LoggerMessage(3019, LogLevel.Information, "[{Server}] {Path} can be followed again")]
    public static partial void Followable(ILogger logger, string server, string path);

    [LoggerMessage(3020, LogLevel.Information, "[{Server}] a change to {Path} came without a file notification (symlink to another name, network file system?): polling it every poll interval from now on")]
    public static partial void NotificationsMiss(ILogger logger, string server, string path);
}
