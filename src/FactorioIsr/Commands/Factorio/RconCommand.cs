using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>rcon command</c>: one raw console command (danger tier, confirmed first, audited). It stays one line; Lua
/// (<c>/c</c>, <c>/sc</c>) is refused on an achievement-safe server.
/// </summary>
internal sealed class RawRconCommand : ICommand
{
    public CommandSpec Spec { get; } = new("rcon", "Run a raw console command (asks for confirmation)", CommandTier.Danger,
        [new("command", "The command, e.g. /time", Required: true) { MaxLength = 1000 }])
    {
        Example = "rcon command: /time",
    };

    public bool NeedsConfirmation(CommandArgs args) => true;

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var text = run.Args.String("command") ?? "";
        var command = FactorioCommands.Raw(text);
        var reply = await run.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        var embed = CommandEmbeds.Make("⌨️ RCON Command Executed", CommandEmbeds.Orange, null,
        [
            CommandEmbeds.Field("Command", CommandEmbeds.Block(command.Text, 1000), inline: false),
            CommandEmbeds.Field("Response", CommandEmbeds.Block(reply, 1000), inline: false),
            CommandEmbeds.Field("Server", CommandEmbeds.Safe(run.Target.Name)),
        ], "Dangerous operation - use with caution");
        return CommandOutcome.Ok(embed, reply.Length > 200 ? reply[..200] + "..." : reply.Trim());
    }
}
