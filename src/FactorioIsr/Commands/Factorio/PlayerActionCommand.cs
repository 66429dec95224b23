using FactorioIsr.Discord.Messages;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// The shape shared by kick, ban, unban, mute, unmute, promote and demote: a validated player name (and for kick and
/// ban a reason), one built-in command, and an embed with the player, the server and Factorio's answer.
/// </summary>
internal abstract class PlayerActionCommand : ICommand
{
    public abstract CommandSpec Spec { get; }

    protected abstract string Title { get; }

    protected abstract int Color { get; }

    protected virtual IEnumerable<DiscordEmbedField> Extra(CommandRun run) => [];

    protected abstract RconCommand Build(string player, string? reason);

    public virtual bool NeedsConfirmation(CommandArgs args) => false;

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var player = run.Args.String("player");
        if (!PlayerName.IsValid(player))
        {
            return CommandOutcome.Error($"'{CommandEmbeds.Safe(player)}' is not a valid Factorio player name (1-{PlayerName.MaxLength} characters: letters, digits, '.', '-', '_').");
        }

        var reason = run.Args.String("reason");
        var reply = await run.ExecuteAsync(Build(player, reason), cancellationToken).ConfigureAwait(false);
        var fields = new List<DiscordEmbedField>
        {
            CommandEmbeds.Field("Player", CommandEmbeds.Safe(player)),
            CommandEmbeds.Field("Server", CommandEmbeds.Safe(run.Target.Name)),
        };
        fields.AddRange(Extra(run));
        if (!string.IsNullOrWhiteSpace(reply))
        {
            fields.Add(CommandEmbeds.Field("Server response", CommandEmbeds.Block(reply, 1000), inline: false));
        }

        return CommandOutcome.Ok(CommandEmbeds.Make(Title, Color, null, fields, CommandEmbeds.ActionFooter), player + (string.IsNullOrWhiteSpace(reply) ? "" : ": " + reply.Trim()));
    }
}
