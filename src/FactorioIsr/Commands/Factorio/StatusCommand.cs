using System.Globalization;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>status [server]</c>: one server's state from its monitor (RCON, the UPS sampler's last reading, players, map age,
/// every surface's evolution, research); <c>server: all</c> gives one overview line per server without RCON calls.
/// The figures come from the monitor's own readings plus one round of queries; nothing perturbs the sampler.
/// </summary>
internal sealed class StatusCommand : ICommand
{
    public CommandSpec Spec { get; } = new("status", "Show a server's status, or all servers with server: all", CommandTier.Query, []) { Example = "status server: all" };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        if (run.Server is null)
        {
            return Overview(run);
        }

        var server = run.Target;
        var monitor = run.Monitor;
        var (state, since) = monitor.RconView;
        var fields = new List<DiscordEmbedField>
        {
            CommandEmbeds.Field("🔧 RCON", state.IsConnected ? "🟢 Connected" : "🔴 " + state.Status),
            CommandEmbeds.Field("⏱️ Monitoring Uptime", since is { } s && state.IsConnected ? MonitorEvents.Duration(run.Environment.Time.GetUtcNow() - s) : "Unknown"),
        };
        var ups = monitor.Sampler.Last;
        fields.Add(CommandEmbeds.Field("📡 Server State", ups is null ? "🔄 Fetching..." : ups.Paused ? "⏸️ Paused" : $"▶️ Running @ {MonitorEvents.Ups(ups.Raw)}"));
        if (ups is { Paused: false })
        {
            fields.Add(CommandEmbeds.Field("📊 UPS (SMA)", ups.Sma is { } sma ? MonitorEvents.Ups(sma) : "n/a"));
            fields.Add(CommandEmbeds.Field("📈 UPS (EMA)", ups.Ema is { } ema ? MonitorEvents.Ups(ema) : "n/a"));
        }

        var players = await run.Rcon.GetOnlinePlayersAsync(cancellationToken).ConfigureAwait(false);
        var names = players.Where(p => p.IsOnline).Select(p => p.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        fields.Add(CommandEmbeds.Field("👥 Players Online", names.Count.ToString(CultureInfo.InvariantCulture)));
        try
        {
            fields.Add(CommandEmbeds.Field("🎮🕐 Map Time", MapAge.Format(await run.Rcon.GetMapAgeAsync(cancellationToken).ConfigureAwait(false))));
        }
        catch (RconProtocolException)
        {
        }

        if (names.Count > 0)
        {
            var shown = string.Join(", ", names.Take(10).Select(CommandEmbeds.Safe)) + (names.Count > 10 ? $" ... and {names.Count - 10} more" : "");
            fields.Add(CommandEmbeds.Field("👥 Online Players", shown, inline: false));
        }

        if (!server.AchievementSafe)
        {
            var evolution = await run.Rcon.GetEvolutionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (surface, factor) in evolution.OrderBy(e => e.Key, StringComparer.Ordinal).Take(10))
            {
                fields.Add(CommandEmbeds.Field("🐛 " + CommandEmbeds.Safe(surface) + " Evolution", string.Create(CultureInfo.InvariantCulture, $"{factor:0.00} ({factor * 100:0.0}%)")));
            }

            var commands = await run.CommandsAsync(cancellationToken).ConfigureAwait(false);
            var reply = await run.ExecuteAsync(commands.Research(), cancellationToken).ConfigureAwait(false);
            if (FactorioReplies.TryParseResearch(reply, out var research) && research is not null)
            {
                var current = research.Current is { Length: > 0 } c ? CommandEmbeds.Safe(c) + (research.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $" {p * 100:0}%") : "") : "none";
                fields.Add(CommandEmbeds.Field("🔬 Research", $"{current} ({research.Researched}/{research.Total} done)"));
            }
        }
        else
        {
            fields.Add(CommandEmbeds.Field("🐛 Evolution", "not read: " + FactorioCommands.AchievementSafeReason, inline: false));
        }

        var embed = CommandEmbeds.Make("🏭 " + CommandEmbeds.Safe(server.Name) + " Status", state.IsConnected ? CommandEmbeds.Green : CommandEmbeds.Red, null, fields,
            "Factorio ISR | UPS from the server's monitor");
        return CommandOutcome.Ok(embed, "status");
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
