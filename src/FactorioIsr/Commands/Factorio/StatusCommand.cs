using FactorioIsr.Configuration;
using FactorioIsr.Monitoring;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>status [server]</c>: one server's status card, the one the status board keeps (<see cref="StatusCard"/>: online or
/// offline since when, UPS now / SMA / EMA with the last hour's sparkline, players, map time, evolution, research, last
/// save, RCON, relay health) with its PNG chart of the last 24 h attached. The stats are read once more over RCON unless
/// it is known to be down (never a UPS sample, so the sampler is not disturbed); the chart is the one the board rendered in the last
/// 5 minutes, else one render that concurrent commands share. While RCON is down the card says offline since when and
/// shows only figures read before. <c>server: all</c> gives one overview line per server without RCON calls.
/// </summary>
internal sealed class StatusCommand : ICommand
{
    public CommandSpec Spec { get; } = new("status", "Show a server's status, or all servers with server: all", CommandTier.Query, [])
    {
        Example = "status server: all",
        AnswersWhileRconDown = true,
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        if (run.Server is null)
        {
            return Overview(run);
        }

        var monitor = run.Monitor;
        var options = new StatusCardOptions(
            Chart: true,
            Refresh: !monitor.RconKnownDown,
            Relay: run.Environment.RelayLine?.Invoke(),
            ChartMaxAge: StatusBoardOptions.Default.ChartInterval);
        var card = await StatusCard.BuildAsync(monitor, options, cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Ok(card.Embed, card.Chart is null ? "status" : "status with chart") with
        {
            Files = card.Chart is null ? null : card.Files,
        };
    }

    private static CommandOutcome Overview(CommandRun run)
    {
        var lines = new List<string>();
        var up = 0;
        var servers = run.Environment.Servers.All;
        foreach (var server in servers.Take(50))
        {
            lines.Add(Line(run.Environment.Servers.Monitor(server.Tag), server, ref up));
        }

        var description = string.Join('\n', lines) + (servers.Count > 50 ? $"\n... and {servers.Count - 50} more" : "");
        var embed = CommandEmbeds.Make($"🏭 All servers ({up}/{servers.Count} online)", up == servers.Count ? CommandEmbeds.Green : CommandEmbeds.Orange, description);
        return CommandOutcome.Ok(embed, "overview");
    }

    private static string Line(ServerMonitor? monitor, ServerConfig server, ref int up)
    {
        var name = $"**{CommandEmbeds.Safe(server.Name)}** (`{server.Tag}`)";
        if (monitor is null)
        {
            return "⚪ " + name + (server.Rcon is null ? ": no RCON" : ": not running");
        }

        if (!monitor.Client.IsConnected)
        {
            return "🔴 " + name + ": RCON down";
        }

        up++;
        var ups = monitor.Sampler.Last;
        var state = ups is null ? "UPS pending" : ups.Paused ? "paused" : "UPS " + MonitorEvents.Ups(ups.Ema ?? ups.Raw);
        return "🟢 " + name + ": " + state;
    }
}
