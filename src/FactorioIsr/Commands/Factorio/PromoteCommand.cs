using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>promote</c>: Make a player a server admin.</summary>
internal sealed class PromoteCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("promote", "Make a player a server admin", CommandTier.Danger, [CommandOptionSpec.Player("Player to promote")])
    {
        Example = "promote player: Alice",
    };

    protected override string Title => "👑 Player Promoted";

    protected override int Color => CommandEmbeds.Green;

    protected override IEnumerable<Discord.Messages.DiscordEmbedField> Extra(CommandRun run) => [CommandEmbeds.Field("Role", "Administrator")];

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Promote(player);
}
