using System.Globalization;
using System.Text;

namespace FactorioIsr.Simulator;

/// <summary>
/// Writes a servers.yml for the simulated servers in the reference system's format, plus our
/// <c>current_log_path</c>, <c>mod_events_path</c> and <c>start_at</c>. No <c>event_channel_id</c>: routing is ours.
/// </summary>
internal static class ServersYml
{
    public static string Render(IEnumerable<SimulatedServer> servers)
    {
        var builder = new StringBuilder();
        builder.Append("# Written by 'isr simulate': the simulated servers, ready for 'isr run --config <this file>'.\n");
        builder.Append("servers:\n");
        foreach (var server in servers)
        {
            var index = server.Tag.StartsWith("sim", StringComparison.Ordinal) ? server.Tag[3..] : server.Tag;
            builder.Append(CultureInfo.InvariantCulture, $"  {server.Tag}:\n");
            builder.Append(CultureInfo.InvariantCulture, $"    name: {Quote("Simulated server " + index)}\n");
            builder.Append(CultureInfo.InvariantCulture, $"    log_path: {Quote(server.Logs.Console.File.Path)}\n");
            builder.Append(CultureInfo.InvariantCulture, $"    current_log_path: {Quote(server.Logs.Current.File.Path)}\n");
            builder.Append(CultureInfo.InvariantCulture, $"    mod_events_path: {Quote(Path.Combine(server.Logs.ModEvents.Directory, "events-*.jsonl"))}\n");
            builder.Append("    rcon_host: 127.0.0.1\n");
            builder.Append(CultureInfo.InvariantCulture, $"    rcon_port: {server.RconPort}\n");
            builder.Append(CultureInfo.InvariantCulture, $"    rcon_password: {Quote(server.Password)}\n");
            builder.Append("    start_at: beginning\n");
        }

        return builder.ToString();
    }

    /// <summary>A YAML single-quoted scalar: the value exactly as given (only ' is doubled).</summary>
    internal static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
