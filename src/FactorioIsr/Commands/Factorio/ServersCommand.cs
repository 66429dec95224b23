using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>servers</c>: every configured server, its RCON state, and the caller's context.</summary>
internal sealed class ServersCommand : ICommand
{
    public CommandSpec Spec { get; } = new("servers", "List the Factorio servers and your current one", CommandTier.None, [])
    {
        TargetsServer = false,
        UsesRcon = false,
        Example = "servers",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var servers = run.Environment.Servers.All;
        if (servers.Count == 0)
        {
            return CommandOutcome.Error("No server is configured (servers.yml has no enabled server).");
        }

        var current = await run.Environment.Contexts.GetAsync(run.User.Id, cancellationToken).ConfigureAwait(false) ?? servers[0].Tag;
        var fields = new List<DiscordEmbedField>();
        foreach (var server in servers.Take(25))
        {
            var online = run.Environment.Servers.Monitor(server.Tag)?.Client.IsConnected == true;
            var value = (server.Description is { Length: > 0 } d ? "*" + CommandEmbeds.Safe(d) + "*\n" : "")
                + (server.Rcon is null ? "⚪ No RCON" : online ? "🟢 Online" : "🔴 Offline")
                + (server.Rcon is { } rcon ? $"\nHost: `{rcon.Host}:{rcon.Port}`" : "");
            var mark = string.Equals(server.Tag, current, StringComparison.OrdinalIgnoreCase) ? "👉 " : "";
            fields.Add(CommandEmbeds.Field($"{mark}**{CommandEmbeds.Safe(server.Name)}** (`{server.Tag}`)", value, inline: false));
        }

        var embed = CommandEmbeds.Make("📱 Available Factorio Servers", CommandEmbeds.Blue, $"**Your Context:** `{current}`\n\n", fields, "Use /factorio connect to switch servers");
        return CommandOutcome.Ok(embed, "listed");
    }
}
