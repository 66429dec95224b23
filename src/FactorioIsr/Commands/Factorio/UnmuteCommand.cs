using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>unmute</c>: Unmute a player.</summary>
internal sealed class UnmuteCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("unmute", "Unmute a player", CommandTier.Admin, [CommandOptionSpec.Player("Player to unmute")])
    {
        Example = "unmute player: Alice",
    };

    protected override string Title => "🔊 Player Unmuted";

    protected override int Color => CommandEmbeds.Green;

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Unmute(player);
}
