using System.Globalization;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>speed value</c>: sets <c>game.speed</c> (0.1-10; asks for confirmation).</summary>
internal sealed class SpeedCommand : ICommand
{
    public CommandSpec Spec { get; } = new("speed", "Set the game speed, 0.1-10 (asks for confirmation)", CommandTier.Admin,
        [new("value", "Game speed (1 = normal)", CommandOptionSpec.Number, Required: true) { MinValue = 0.1, MaxValue = 10 }])
    {
        Feature = FactorioFeature.Speed,
        Example = "speed value: 2",
    };

    public bool NeedsConfirmation(CommandArgs args) => true;

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        if (run.Args.Number("value") is not { } value || !double.IsFinite(value) || value < 0.1 || value > 10)
        {
            return CommandOutcome.Error("Speed must be between 0.1 and 10.0");
        }

        var commands = await run.CommandsAsync(cancellationToken).ConfigureAwait(false);
        await run.ExecuteAsync(commands.SetSpeed(value), cancellationToken).ConfigureAwait(false);
        var effect = value < 1 ? "⬋ Slower" : value > 1 ? "⬊ Faster" : "➡️ Normal";
        var shown = value.ToString("0.##", CultureInfo.InvariantCulture) + "x";
        var embed = CommandEmbeds.Make("⚡ Game Speed Set", CommandEmbeds.Orange, null,
        [
            CommandEmbeds.Field("New Speed", shown),
            CommandEmbeds.Field("Effect", effect),
            CommandEmbeds.Field("Server", CommandEmbeds.Safe(run.Target.Name)),
        ], CommandEmbeds.ActionFooter);
        return CommandOutcome.Ok(embed, shown);
    }
}
