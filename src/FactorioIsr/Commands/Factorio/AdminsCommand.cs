using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>admins</c>: the server's administrators.</summary>
internal sealed class AdminsCommand : ICommand
{
    public CommandSpec Spec { get; } = new("admins", "Show the server's administrators", CommandTier.Query, []) { Example = "admins" };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var reply = await run.ExecuteAsync(FactorioCommands.Admins(), cancellationToken).ConfigureAwait(false);
        var admins = FactorioReplies.ParseAdmins(reply).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var title = "👑 " + CommandEmbeds.Safe(run.Target.Name) + " Administrators";
        if (admins.Count == 0)
        {
            return CommandOutcome.Ok(CommandEmbeds.Make(title, CommandEmbeds.Blue, "No administrators configured."), "0 admins");
        }

        var embed = CommandEmbeds.Make(title, CommandEmbeds.Blue, null,
            [CommandEmbeds.Field($"Admins ({admins.Count})", string.Join('\n', admins.Take(50).Select(a => "• " + CommandEmbeds.Safe(a))), inline: false)]);
        return CommandOutcome.Ok(embed, admins.Count + " admins");
    }
}
