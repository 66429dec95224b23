using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>research [force] [action] [technology]</c>: no action shows the status; <c>all</c> researches everything and
/// <c>undo</c> without a technology (or with <c>all</c>) reverts everything, both after confirmation; <c>undo</c> with a
/// technology reverts it; any other action (or technology) researches that technology. Force and technology reach Lua
/// only as encoded strings.
/// </summary>
internal sealed class ResearchCommand : ICommand
{
    public CommandSpec Spec { get; } = new("research", "Show research, or research/undo technologies", CommandTier.Admin,
    [
        new("force", "Force (default player)") { MaxLength = 60 },
        new("action", "all, undo, or a technology name") { Autocomplete = AutocompleteSource.Technologies, MaxLength = 100 },
        new("technology", "Technology name") { Autocomplete = AutocompleteSource.Technologies, MaxLength = 100 },
    ])
    {
        Feature = FactorioFeature.Research,
        Example = "research action: automation-2",
    };

    public bool NeedsConfirmation(CommandArgs args)
    {
        var action = args.String("action")?.ToLowerInvariant();
        var technology = args.String("technology");
        return (action == "all" && technology is null) || (action == "undo" && (technology is null || technology.Equals("all", StringComparison.OrdinalIgnoreCase)));
    }

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var force = run.Args.String("force")?.ToLowerInvariant() ?? "player";
        var action = run.Args.String("action");
        var technology = run.Args.String("technology");
        var commands = await run.CommandsAsync(cancellationToken).ConfigureAwait(false);
        if (action is null && technology is null)
        {
            var status = await run.ExecuteAsync(commands.Research(force), cancellationToken).ConfigureAwait(false);
            if (IsForceMissing(status) || !FactorioReplies.TryParseResearch(status, out var parsed) || parsed is null)
            {
                return ForceError(force, status);
            }

            var current = parsed.Current is { Length: > 0 } c ? $"\nCurrent research: **{CommandEmbeds.Safe(c)}**" : "";
            return CommandOutcome.Ok(CommandEmbeds.Make("🔬 Technology Status", CommandEmbeds.Blue,
                $"Force: **{CommandEmbeds.Safe(force)}**\nTechnologies researched: **{parsed.Researched}/{parsed.Total}**{current}\n\nUse `/factorio-admin research action: all` to research everything."),
                $"{parsed.Researched}/{parsed.Total}");
        }

        var lowered = action?.ToLowerInvariant();
        if (lowered == "all" && technology is null)
        {
            return await RunOneAsync(run, commands.ResearchAll(force), force, "🔬 All Technologies Researched", "all researched", cancellationToken).ConfigureAwait(false);
        }

        if (lowered == "undo")
        {
            if (technology is null || technology.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return await RunOneAsync(run, commands.UnresearchAll(force), force, "⏮️ All Technologies Reverted", "all reverted", cancellationToken).ConfigureAwait(false);
            }

            return await RunOneAsync(run, commands.SetResearched(force, technology, researched: false), force, "⏮️ Technology Reverted", "reverted " + technology, cancellationToken, technology).ConfigureAwait(false);
        }

        var name = technology ?? action!;
        return await RunOneAsync(run, commands.SetResearched(force, name, researched: true), force, "🔬 Technology Researched", "researched " + name, cancellationToken, name).ConfigureAwait(false);
    }

    private static async Task<CommandOutcome> RunOneAsync(CommandRun run, RconCommand command, string force, string title, string result, CancellationToken cancellationToken, string? technology = null)
    {
        var reply = await run.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        if (IsForceMissing(reply))
        {
            return ForceError(force, reply);
        }

        if (reply.Contains(FactorioCommands.TechnologyNotFound, StringComparison.Ordinal))
        {
            return CommandOutcome.Error($"Technology `{technology?.Replace('`', '\'')}` was not found for force `{force.Replace('`', '\'')}`.");
        }

        var text = $"Force: **{CommandEmbeds.Safe(force)}**" + (technology is null ? "" : $"\nTechnology: **{CommandEmbeds.Safe(technology)}**");
        return CommandOutcome.Ok(CommandEmbeds.Make(title, CommandEmbeds.Green, text, footer: CommandEmbeds.ActionFooter), result);
    }

    private static bool IsForceMissing(string reply) => reply.Contains(FactorioCommands.ForceNotFound, StringComparison.Ordinal);

    private static CommandOutcome ForceError(string force, string reply) => IsForceMissing(reply)
        ? CommandOutcome.Error($"Force `{force.Replace('`', '\'')}` was not found.")
        : CommandOutcome.Error("Unexpected answer from the server: " + CommandEmbeds.Safe(reply.Trim()));
}
