using System.Globalization;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>evolution [target]</c>: enemy evolution on one surface, or <c>all</c> (the default) for every surface that is not a
/// space platform with their average. The surface name goes to Lua only as data (it is looked up in the reply).
/// </summary>
internal sealed class EvolutionCommand : ICommand
{
    public CommandSpec Spec { get; } = new("evolution", "Show enemy evolution (a surface, or all)", CommandTier.Query,
        [new("target", "Surface name, or all (default)") { Autocomplete = AutocompleteSource.Surfaces, MaxLength = 100 }])
    {
        Feature = FactorioFeature.Evolution,
        Example = "evolution target: nauvis",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var target = run.Args.String("target") ?? "all";
        var evolution = await run.Rcon.GetEvolutionAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(target, "all", StringComparison.OrdinalIgnoreCase))
        {
            var surface = evolution.Keys.FirstOrDefault(k => string.Equals(k, target, StringComparison.Ordinal))
                ?? evolution.Keys.FirstOrDefault(k => string.Equals(k, target, StringComparison.OrdinalIgnoreCase));
            if (surface is null)
            {
                return CommandOutcome.Error($"Surface `{target.Replace('`', '\'')}` was not found (space platforms are ignored). Surfaces: "
                    + string.Join(", ", evolution.Keys.Order(StringComparer.Ordinal).Select(k => "`" + k + "`")));
            }

            var embed = CommandEmbeds.Make($"🐛 Evolution – Surface `{surface}`", CommandEmbeds.Blue,
                $"Enemy evolution on `{surface}`: **{MonitorEvents.Percent(evolution[surface])}**\n\nHigher evolution means stronger biters!");
            return CommandOutcome.Ok(embed, surface + " " + MonitorEvents.Percent(evolution[surface]));
        }

        if (evolution.Count == 0)
        {
            return CommandOutcome.Ok(CommandEmbeds.Make("🐛 Evolution – All Surfaces", CommandEmbeds.Blue, "No surface with enemies."), "none");
        }

        var average = evolution.Values.Average();
        var lines = string.Join('\n', evolution.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"• `{e.Key}:{MonitorEvents.Percent(e.Value)}`"));
        var all = CommandEmbeds.Make("🐛 Evolution – All Non-platform Surfaces", CommandEmbeds.Blue,
            string.Create(CultureInfo.InvariantCulture, $"Aggregate enemy evolution across non-platform surfaces: **{MonitorEvents.Percent(average)}**\n\nPer-surface evolution:\n\n{lines}"));
        return CommandOutcome.Ok(all, "all " + MonitorEvents.Percent(average));
    }
}
