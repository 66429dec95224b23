using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>players</c>: who is online (names starting with "Player" are kept, unlike the reference).</summary>
internal sealed class PlayersCommand : ICommand
{
    public CommandSpec Spec { get; } = new("players", "Show the players online", CommandTier.Query, []) { Example = "players" };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var reply = await run.ExecuteAsync(FactorioCommands.PlayersOnline(), cancellationToken).ConfigureAwait(false);
        var players = FactorioReplies.ParsePlayers(reply).Where(p => p.IsOnline).Select(p => p.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var title = "👥 Players on " + CommandEmbeds.Safe(run.Target.Name);
        if (players.Count == 0)
        {
            return CommandOutcome.Ok(CommandEmbeds.Make(title, CommandEmbeds.Blue, "No players currently online."), "0 online");
        }

        var list = string.Join('\n', players.Take(50).Select(p => "• " + CommandEmbeds.Safe(p))) + (players.Count > 50 ? $"\n... and {players.Count - 50} more" : "");
        var embed = CommandEmbeds.Make(title, CommandEmbeds.Blue, null, [CommandEmbeds.Field($"Online Players ({players.Count})", list, inline: false)]);
        return CommandOutcome.Ok(embed, players.Count + " online");
    }
}
