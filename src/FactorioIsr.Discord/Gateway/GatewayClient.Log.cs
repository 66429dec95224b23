using Microsoft.Extensions.Logging;

namespace FactorioIsr.Discord.Gateway;

internal sealed partial class GatewayClient
{
    /// <summary>Event ids 4400-4449: the Discord gateway.</summary>
    private static partial class Log
    {
        [LoggerMessage(4400, LogLevel.Information, "Discord gateway: connecting to {Url} to {Mode}")]
        public static partial void Connecting(ILogger logger, string url, string mode);

        [LoggerMessage(4401, LogLevel.Information, "Discord gateway: ready as user {UserId} (application {ApplicationId}, session {SessionId}, intents {Intents})")]
        public static partial void Ready(ILogger logger, string? userId, string? applicationId, string? sessionId, GatewayIntents intents);

        [LoggerMessage(4402, LogLevel.Information, "Discord gateway: resumed session {SessionId} after sequence {Sequence}")]
        public static partial void Resumed(ILogger logger, string? sessionId, long? sequence);

        [LoggerMessage(4403, LogLevel.Warning, "Discord gateway: connection ended ({Reason}); reconnecting in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string reason, TimeSpan delay);

        [LoggerMessage(4404, LogLevel.Warning, "Discord gateway: no heartbeat ACK since the last heartbeat (a zombie connection); closing it to resume")]
        public static partial void Zombie(ILogger logger);

        [LoggerMessage(4405, LogLevel.Information, "Discord gateway: Discord asked to reconnect (op 7)")]
        public static partial void ReconnectRequested(ILogger logger);

        [LoggerMessage(4406, LogLevel.Warning, "Discord gateway: invalid session (op 9, resumable: {Resumable})")]
        public static partial void InvalidSession(ILogger logger, bool resumable);

        [LoggerMessage(4407, LogLevel.Error, "{Message}; the gateway is stopped (no retry until restart)")]
        public static partial void Fatal(ILogger logger, string message);

        [LoggerMessage(4408, LogLevel.Warning, "Discord gateway: identify budget: waiting {Wait} before identifying (session starts remaining: {Remaining})")]
        public static partial void IdentifyWait(ILogger logger, TimeSpan wait, int remaining);

        [LoggerMessage(4409, LogLevel.Error, "Discord gateway: handler {Handler} failed on {Type} (sequence {Sequence}); the loop goes on")]
        public static partial void HandlerFailed(ILogger logger, string handler, string type, long sequence, Exception exception);

        [LoggerMessage(4410, LogLevel.Warning, "Discord gateway: GET /gateway/bot failed: {Reason}")]
        public static partial void GatewayBotFailed(ILogger logger, string reason);

        [LoggerMessage(4411, LogLevel.Warning, "Discord gateway: cannot connect to {Url}: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string url, string reason);

        [LoggerMessage(4412, LogLevel.Information, "Discord gateway: closed on shutdown with code {Code} (the session stays resumable)")]
        public static partial void ClosedOnShutdown(ILogger logger, int code);

        [LoggerMessage(4413, LogLevel.Warning, "Discord gateway: {Failures} resumes failed in a row; identifying a new session")]
        public static partial void ResumeGaveUp(ILogger logger, int failures);

        [LoggerMessage(4414, LogLevel.Warning, "Discord gateway: presence not sent: {Reason}")]
        public static partial void PresenceFailed(ILogger logger, string reason);

        [LoggerMessage(4415, LogLevel.Information, "Discord gateway: identifying (intents {Intents}, session starts remaining: {Remaining})")]
        public static partial void Identifying(ILogger logger, GatewayIntents intents, int remaining);
    }
}
