using System.Globalization;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>seed</c>: the map seed (Lua when allowed, the built-in <c>/seed</c> on an achievement-safe server).</summary>
internal sealed class SeedCommand : ICommand
{
    public CommandSpec Spec { get; } = new("seed", "Show the map seed", CommandTier.Query, []) { Example = "seed" };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var commands = await run.CommandsAsync(cancellationToken).ConfigureAwait(false);
        var reply = await run.ExecuteAsync(commands.Seed(), cancellationToken).ConfigureAwait(false);
        var seed = FactorioReplies.TryParseSeed(reply, out var value) ? value.ToString(CultureInfo.InvariantCulture) : "Unknown";
        var embed = CommandEmbeds.Make("🌍 " + CommandEmbeds.Safe(run.Target.Name) + " Map Seed", CommandEmbeds.Blue, null,
        [
            CommandEmbeds.Field("Map Seed", "`" + seed + "`"),
            CommandEmbeds.Field("Usage", "Use this seed to generate the same map in a new game", inline: false),
        ]);
        return CommandOutcome.Ok(embed, seed);
    }
}
