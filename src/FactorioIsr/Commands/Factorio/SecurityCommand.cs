using System.Globalization;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>security</c> (admin tier, ours): the security monitor's recent infractions, the mutes and bans it has in force,
/// and <c>pardon</c>, which undoes a player's actions (audited by the monitor) and forgets their rate-limit windows.
/// </summary>
internal sealed class SecurityCommand : ICommand
{
    private const int MaxInfractions = 10;

    public CommandSpec Spec { get; } = new("security", "Security monitor: recent infractions, active actions, pardon", CommandTier.Admin,
    [
        new("view", "What to show or do (default: infractions)") { Choices = ["infractions", "actions", "pardon"] },
        CommandOptionSpec.Player("Player (required for pardon)") with { Required = false },
    ])
    {
        UsesRcon = false,
        Example = "security view: pardon player: Alice",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        if (run.Environment.Security is not { } security)
        {
            return CommandOutcome.Error("The security monitor is not running (no secmon.yml beside servers.yml, or `enabled: false`).");
        }

        var server = run.Target;
        var player = run.Args.String("player");
        switch (run.Args.String("view") ?? "infractions")
        {
            case "actions":
                var actions = security.ActiveActions(server.Tag);
                var lines = actions.Take(20).Select(a =>
                    $"**{CommandEmbeds.Safe(a.Player)}**: {a.Action} ({CommandEmbeds.Safe(a.Rule)}), "
                    + (a.ExpiresAt is { } end ? $"until <t:{end.ToUnixTimeSeconds()}:f>" : "until pardoned"));
                return CommandOutcome.Ok(CommandEmbeds.Make($"🛡️ Active actions on {CommandEmbeds.Safe(server.Name)}", CommandEmbeds.Orange,
                    actions.Count == 0 ? "None." : string.Join('\n', lines)), $"{actions.Count} active", ephemeral: true);

            case "pardon":
                if (player is null)
                {
                    return CommandOutcome.Error("A pardon needs a player.");
                }

                var undone = await security.PardonAsync(server.Tag, player, "Discord user " + run.User.Name, cancellationToken).ConfigureAwait(false);
                return CommandOutcome.Ok(CommandEmbeds.Make($"🕊️ {CommandEmbeds.Safe(player)} pardoned on {CommandEmbeds.Safe(server.Name)}", CommandEmbeds.Green,
                    undone.Count == 0 ? "No action was in force; their rate-limit windows are cleared." : string.Join('\n', undone.Select(CommandEmbeds.Safe))),
                    $"pardoned {player}: {undone.Count} action(s)");

            default:
                var infractions = await security.RecentInfractionsAsync(server.Tag, player, MaxInfractions, cancellationToken).ConfigureAwait(false);
                var fields = infractions.Select(i => CommandEmbeds.Field(
                    $"{CommandEmbeds.Safe(i.Player)}: {CommandEmbeds.Safe(i.Rule)} ({i.Severity})",
                    $"<t:{i.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:R>, action: {CommandEmbeds.Safe(i.Action)}\n`{i.Evidence.Replace('`', '\'')}`",
                    inline: false)).ToList<DiscordEmbedField>();
                return CommandOutcome.Ok(CommandEmbeds.Make($"🛡️ Recent infractions on {CommandEmbeds.Safe(server.Name)}", CommandEmbeds.Orange,
                    infractions.Count == 0 ? "None." : null, fields), $"{infractions.Count} infraction(s)", ephemeral: true);
        }
    }
}
