using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>State store log messages (event ids 3100-3149).</summary>
internal static partial class StateLog
{
    [LoggerMessage(3100, LogLevel.Critical, "state database {Path} is corrupt ({Reason}); it was moved to {Kept} and a fresh one started: saved positions are lost, so files are read according to start_at and undelivered events are in the kept copy")]
    public static partial void CorruptDatabase(ILogger logger, string path, string kept, string reason);
}
