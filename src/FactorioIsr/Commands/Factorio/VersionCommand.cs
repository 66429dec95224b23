using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>version</c>: the server's Factorio version.</summary>
internal sealed class VersionCommand : ICommand
{
    public CommandSpec Spec { get; } = new("version", "Show the server's Factorio version", CommandTier.Query, []) { Example = "version" };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var reply = await run.ExecuteAsync(FactorioCommands.GameVersion(), cancellationToken).ConfigureAwait(false);
        var embed = CommandEmbeds.Make("📦 " + CommandEmbeds.Safe(run.Target.Name) + " Version", CommandEmbeds.Blue, "`" + reply.Trim().Replace('`', '\'') + "`");
        return CommandOutcome.Ok(embed, reply.Trim());
    }
}
