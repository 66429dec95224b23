using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>State store log messages (event ids 3100-3149).</summary>
internal static partial class StateLog
{
    [LoggerMessage(3100, LogLevel.Critical, "state database {Path} is corrupt ({Reason}); it was moved to {Kept} and a fresh one started: saved positions are lost, so files are read according to start_at and undelivered events are in the kept copy")]
    public static partial void CorruptDatabase(ILogger logger, string path, string kept, string reason);

    [LoggerMessage(3101, LogLevel.Critical, "state database {Path} {What} while isr was running: intake stopped (no more lines are read; what was committed is still delivered). Restart isr; it starts with an empty state, so files without a saved position are read according to start_at (start_at: end to post nothing old; see docs/tailing.md, \"A corrupt, deleted or replaced database\")")]
    public static partial void DatabaseLost(ILogger logger, string path, string what);

    [LoggerMessage(3102, LogLevel.Warning, "state database {Path}: checkpoint failed ({Reason}); the WAL keeps its size until one succeeds")]
    public static partial void CheckpointFailed(ILogger logger, string path, string reason);

    [LoggerMessage(3103, LogLevel.Information, "state database {Path}: checkpoints succeed again")]
    public static partial void CheckpointRecovered(ILogger logger, string path);

    [LoggerMessage(3104, LogLevel.Information, "state database {Path}: converted to {PageSize}-byte pages (fewer bytes written per commit)")]
    public static partial void PageSizeConverted(ILogger logger, string path, int pageSize);

    [LoggerMessage(3105, LogLevel.Warning, "state database {Path}: keeping its {PageSize}-byte pages ({Reason}); each commit writes more than it would with 1 KiB pages")]
    public static partial void PageSizeKept(ILogger logger, string path, long pageSize, string reason);
}
