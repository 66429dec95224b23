using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>kick</c>: Kick a player.</summary>
internal sealed class KickCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("kick", "Kick a player", CommandTier.Admin, [CommandOptionSpec.Player("Player to kick"), new("reason", "Reason shown to the player") { MaxLength = 200 }])
    {
        Example = "kick player: Alice reason: spamming",
    };

    protected override string Title => "⚠️ Player Kicked";

    protected override int Color => CommandEmbeds.Orange;

    protected override IEnumerable<Discord.Messages.DiscordEmbedField> Extra(CommandRun run) => [CommandEmbeds.Field("Reason", CommandEmbeds.Safe(run.Args.String("reason") ?? "Kicked by moderator"))];

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Kick(player, reason ?? "Kicked by moderator");
}
