using Microsoft.Extensions.Logging;

namespace FactorioIsr.Security;

internal sealed partial class SecurityMonitor
{
    /// <summary>Security monitor log messages; event ids 6100-6149.</summary>
    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Information, "security monitor on ({Path}; {Trusted} trusted player(s))")]
        public static partial void On(ILogger logger, string path, int trusted);

        [LoggerMessage(6101, LogLevel.Information, "security monitor off: {Why}")]
        public static partial void Off(ILogger logger, string why);

        [LoggerMessage(6102, LogLevel.Warning, "security: {Rule} by {Player} on {Server}; action: {Action}")]
        public static partial void Infraction(ILogger logger, string rule, string player, string server, string action);

        [LoggerMessage(6103, LogLevel.Warning, "security: {Server} does not run; its {What} was recorded in the state store but not published")]
        public static partial void NotPublished(ILogger logger, string server, string what);

        [LoggerMessage(6104, LogLevel.Warning, "security: action limit of {Server} reached ({Max} per {Seconds} s); further actions are withheld (alerts go on)")]
        public static partial void ActionLimited(ILogger logger, string server, int max, int seconds);

        [LoggerMessage(6105, LogLevel.Warning, "security: {Verb} {Player} on {Server} failed ({Result}); tried again in 10 s")]
        public static partial void UndoFailed(ILogger logger, string verb, string player, string server, string result);

        [LoggerMessage(6106, LogLevel.Information, "security: {Verb} {Player} on {Server}: {Why}")]
        public static partial void Undone(ILogger logger, string verb, string player, string server, string why);

        [LoggerMessage(6107, LogLevel.Error, "security: processing {Id} failed: {Error}")]
        public static partial void ProcessFailed(ILogger logger, string id, string error);
    }
}
