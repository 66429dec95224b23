using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>unban</c>: Unban a player.</summary>
internal sealed class UnbanCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("unban", "Unban a player", CommandTier.Danger, [CommandOptionSpec.Player("Player to unban")])
    {
        Example = "unban player: Alice",
    };

    protected override string Title => "✅ Player Unbanned";

    protected override int Color => CommandEmbeds.Green;

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Unban(player);
}
