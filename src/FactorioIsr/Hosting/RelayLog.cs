using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>Relay pipeline log messages (event ids 3210-3219).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(3210, LogLevel.Critical, "{Stage} stopped on an unexpected error; events wait in the files and the outbox until isr is restarted")]
    public static partial void StageFailed(ILogger logger, Exception exception, string stage);

    [LoggerMessage(3211, LogLevel.Debug, "JIT warm-up: {Methods} methods of the per-line path compiled in {Milliseconds} ms")]
    public static partial void WarmedUp(ILogger logger, int methods, long milliseconds);
}
