using FactorioIsr.Events;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>pattern test line [source] [server]</c>: which pattern matches a log line and what it would post (the same
/// pattern engine and renderer as the relay), and the route it would take on the server.
/// </summary>
internal sealed class PatternTestCommand : ICommand
{
    public CommandSpec Spec { get; } = new("test", "Show which pattern matches a log line and what it would post", CommandTier.Query,
    [
        new("line", "A log line", Required: true) { MaxLength = 2000 },
        new("source", "Which log the line is from (default console)") { Choices = ["console", "current", "mod"] },
    ])
    {
        Group = "pattern",
        UsesRcon = false,
        Example = "pattern test line: 2025-11-18 01:56:09 [JOIN] Alice joined the game",
    };

    public Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var line = run.Args.String("line") ?? "";
        var source = LogSourceKinds.ByName.GetValueOrDefault(run.Args.String("source") ?? "console", LogSourceKind.Console);
        var match = run.Environment.Servers.Patterns.Match(source, line);
        if (match is null)
        {
            return Task.FromResult(CommandOutcome.Ok(
                CommandEmbeds.Make("🔎 No pattern matches", CommandEmbeds.Orange, "This line would not be posted.\n" + CommandEmbeds.Block(line, 1000)), "no match", ephemeral: true));
        }

        var definition = match.Pattern.Definition;
        var server = run.Target;
        var rendered = EventRenderer.Render(match, server.Tag, line);
        var target = server.ResolveRoute(definition.Channel);
        var where = target.ChannelId is { } channel ? $"<#{channel}>" : target.WebhookUrl is { IsEmpty: false } ? "the route's webhook" : "nowhere (no channel configured)";
        var fields = new List<Discord.Messages.DiscordEmbedField>
        {
            CommandEmbeds.Field("Pattern", $"`{definition.Name}` ({definition.File}:{definition.Line})"),
            CommandEmbeds.Field("Type", $"`{definition.Type}`"),
            CommandEmbeds.Field("Route", $"`{target.Route}` → {where}"),
            CommandEmbeds.Field("Player", CommandEmbeds.Safe(match.Player ?? "—")),
            CommandEmbeds.Field("Would post", rendered.Length > 1000 ? rendered[..1000] + "..." : rendered, inline: false),
        };
        return Task.FromResult(CommandOutcome.Ok(CommandEmbeds.Make("🔎 Pattern match", CommandEmbeds.Green, null, fields), definition.Name, ephemeral: true));
    }
}
