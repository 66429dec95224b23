using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>demote</c>: Remove a player's admin rights.</summary>
internal sealed class DemoteCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("demote", "Remove a player's admin rights", CommandTier.Danger, [CommandOptionSpec.Player("Player to demote")])
    {
        Example = "demote player: Alice",
    };

    protected override string Title => "📙 Player Demoted";

    protected override int Color => CommandEmbeds.Orange;

    protected override IEnumerable<Discord.Messages.DiscordEmbedField> Extra(CommandRun run) => [CommandEmbeds.Field("Role", "Player")];

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Demote(player);
}
