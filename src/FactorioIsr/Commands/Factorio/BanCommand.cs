using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>ban</c>: Ban a player (asks for confirmation).</summary>
internal sealed class BanCommand : PlayerActionCommand
{
    public override CommandSpec Spec { get; } = new("ban", "Ban a player (asks for confirmation)", CommandTier.Danger, [CommandOptionSpec.Player("Player to ban"), new("reason", "Reason shown to the player") { MaxLength = 200 }])
    {
        Example = "ban player: Griefer reason: griefing",
    };

    protected override string Title => "🚫 Player Banned";

    protected override int Color => CommandEmbeds.Crimson;

    public override bool NeedsConfirmation(CommandArgs args) => true;

    protected override IEnumerable<Discord.Messages.DiscordEmbedField> Extra(CommandRun run) => [CommandEmbeds.Field("Reason", CommandEmbeds.Safe(run.Args.String("reason") ?? "Banned by moderator"))];

    protected override RconCommand Build(string player, string? reason) => FactorioCommands.Ban(player, reason ?? "Banned by moderator");
}
