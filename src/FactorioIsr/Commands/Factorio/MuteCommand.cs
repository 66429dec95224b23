using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>mute</c>: Mute a player in chat.</summary>
internal sealed class MuteCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("mute", "Mute a player in chat", CommandTier.Admin, [CommandOptionSpec.Player("Player to mute")])
    {
        Example = "mute player: Alice",
    };

    protected override string Title => "🔇 Player Muted";

    protected override int Color => CommandEmbeds.Orange;

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Mute(player);
}
