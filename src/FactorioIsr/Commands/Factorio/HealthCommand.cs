using FactorioIsr.Monitoring;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>health</c>: ISR's view of the server: RCON state and latency, monitors, how long RCON has been up.</summary>
internal sealed class HealthCommand : ICommand
{
    public CommandSpec Spec { get; } = new("health", "Show ISR's health view of the server", CommandTier.Query, [])
    {
        UsesRcon = false,
        Example = "health",
    };

    public Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var server = run.Target;
        var monitor = run.Environment.Servers.Monitor(server.Tag);
        var fields = new List<Discord.Messages.DiscordEmbedField> { CommandEmbeds.Field("Bot Status", "🟢 Healthy") };
        if (monitor is null)
        {
            fields.Add(CommandEmbeds.Field("RCON Status", server.Rcon is null ? "⚪ Not configured" : "🔴 Not running"));
        }
        else
        {
            var (state, since) = monitor.RconView;
            fields.Add(CommandEmbeds.Field("RCON Status", state.IsConnected ? "🟢 Connected" : "🔴 " + state.Status));
            fields.Add(CommandEmbeds.Field("Monitor Status", "🟢 Running"));
            if (state.LastLatency is { } latency)
            {
                fields.Add(CommandEmbeds.Field("RCON latency", $"{latency.TotalMilliseconds:0} ms"));
            }

            if (since is { } s)
            {
                fields.Add(CommandEmbeds.Field(state.IsConnected ? "Uptime" : "Down for", MonitorEvents.Duration(run.Environment.Time.GetUtcNow() - s)));
            }
        }

        var color = monitor?.Client.IsConnected == true || server.Rcon is null ? CommandEmbeds.Green : CommandEmbeds.Red;
        var embed = CommandEmbeds.Make("💚 " + CommandEmbeds.Safe(server.Name) + " Health Check", color, null, fields, "Factorio ISR Health Check");
        return Task.FromResult(CommandOutcome.Ok(embed, "health"));
    }
}
