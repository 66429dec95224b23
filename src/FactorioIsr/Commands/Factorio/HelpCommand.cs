using System.Text;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>help</c>: the command list, generated from the registry (so it matches the real signatures), in an embed: its
/// description holds 4,096 characters where a message's content holds 2,000, which the list outgrew.
/// </summary>
internal sealed class HelpCommand : ICommand
{
    public CommandSpec Spec { get; } = new("help", "List the commands", CommandTier.None, [])
    {
        TargetsServer = false,
        UsesRcon = false,
        Example = "help",
    };

    public Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken) =>
        Task.FromResult(CommandOutcome.Ok(CommandEmbeds.Make("🏭 Factorio ISR – Commands", CommandEmbeds.Blue, Render(run.Environment.Registry)), "listed", ephemeral: true));

    public static string Render(CommandRegistry registry)
    {
        var text = new StringBuilder();
        foreach (var (tier, heading) in new[]
        {
            (CommandTier.None, "🌍 Servers and help"),
            (CommandTier.Query, "📊 Queries (everyone)"),
            (CommandTier.Admin, "🔧 Admin (moderator or admin role)"),
            (CommandTier.Danger, "🛠️ Danger (admin role; ban and rcon ask for confirmation)"),
        })
        {
            var commands = registry.Commands.Where(c => c.Spec.Tier == tier).ToList();
            if (commands.Count == 0)
            {
                continue;
            }

            text.Append(text.Length == 0 ? "" : "\n").Append("**").Append(heading).Append("**\n");
            foreach (var command in commands)
            {
                var spec = command.Spec;
                var options = string.Concat(spec.Options.Select(o => o.Required ? $" <{o.Name}>" : $" [{o.Name}]"));
                text.Append('`').Append(spec.Path).Append(options).Append("` ").Append(spec.Description).Append('\n');
            }
        }

        text.Append("\nServer commands also take `server:` (default: your `/factorio connect` choice). _Most commands require RCON._");
        return text.ToString();
    }
}
