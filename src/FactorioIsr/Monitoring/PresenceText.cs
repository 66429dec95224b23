using System.Globalization;
using FactorioIsr.Discord.Gateway;

namespace FactorioIsr.Monitoring;

/// <summary>
/// The bot's presence: "Watching N/M servers online", N the servers whose RCON session is connected, M the servers
/// with RCON configured (a log-only server cannot be judged). Status <c>online</c> when all are up, <c>idle</c>
/// otherwise (the reference's choice); no server with RCON: "Watching N servers" by their count.
/// </summary>
internal static class PresenceText
{
    public static GatewayPresence For(int connected, int withRcon, int servers)
    {
        if (withRcon == 0)
        {
            return new GatewayPresence("online", string.Create(CultureInfo.InvariantCulture, $"{servers} server{(servers == 1 ? "" : "s")}"));
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{connected}/{withRcon} servers online");
        return new GatewayPresence(connected == withRcon ? "online" : "idle", text);
    }
}
