using Microsoft.Extensions.Logging;

namespace FactorioIsr.Rcon.Client;

public sealed partial class RconClient
{
    /// <summary>Log messages of the RCON client; event ids 5000-5099.</summary>
    private static partial class Log
    {
        [LoggerMessage(5000, LogLevel.Debug, "RCON {Server}: connecting to {Host}:{Port}")]
        public static partial void Connecting(ILogger logger, string server, string host, int port);

        [LoggerMessage(5001, LogLevel.Information, "RCON {Server}: connected and authenticated")]
        public static partial void Connected(ILogger logger, string server);

        [LoggerMessage(5002, LogLevel.Warning, "RCON {Server}: {Error}; next attempt in {DelaySeconds:0.#} s")]
        public static partial void ConnectFailed(ILogger logger, string server, string error, double delaySeconds);

        [LoggerMessage(5003, LogLevel.Error, "RCON {Server}: wrong password; not retrying before the maximum backoff delay")]
        public static partial void AuthenticationFailed(ILogger logger, string server);

        [LoggerMessage(5004, LogLevel.Warning, "RCON {Server}: connection reset: {Error}")]
        public static partial void ConnectionReset(ILogger logger, string server, string error);

        [LoggerMessage(5005, LogLevel.Debug, "RCON {Server}: keep-alive probe failed: {Error}")]
        public static partial void KeepAliveFailed(ILogger logger, string server, string error);
    }
}
