using Microsoft.Extensions.Logging;

namespace FactorioIsr.Simulator.Rcon;

internal sealed partial class SimulatedRconServer
{
    /// <summary>Simulator RCON log messages; event ids 5900-5949.</summary>
    private static partial class Log
    {
        [LoggerMessage(5900, LogLevel.Debug, "simulated RCON on port {Port}: closing connection: {Error}")]
        public static partial void BadPacket(ILogger logger, int port, string error);
    }
}
