using Microsoft.Extensions.Logging;

namespace FactorioIsr.Monitoring;

internal sealed partial class ServerMonitor
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Server}: UPS sample failed: {Error}")]
        public static partial void SampleFailed(ILogger logger, string server, string error);

        [LoggerMessage(2, LogLevel.Debug, "{Server}: stats round failed: {Error}")]
        public static partial void StatsFailed(ILogger logger, string server, string error);

        [LoggerMessage(3, LogLevel.Warning, "{Server}: the monitor state could not be saved: {Error}")]
        public static partial void StateNotSaved(ILogger logger, string server, string error);

        [LoggerMessage(4, LogLevel.Information, "{Server}: RCON {Change} ({Downtime})")]
        public static partial void RconChange(ILogger logger, string server, string change, string downtime);

        [LoggerMessage(5, LogLevel.Warning, "{Server}: a monitor step failed and runs again at its next interval: {Error}")]
        public static partial void StepFailed(ILogger logger, string server, string error);
    }
}
