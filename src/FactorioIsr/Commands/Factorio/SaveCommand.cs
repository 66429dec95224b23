using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>save [name]</c>: <c>/server-save</c> (keeps achievements); the name is letters, digits, '.', '-', '_'.</summary>
internal sealed class SaveCommand : ICommand
{
    public CommandSpec Spec { get; } = new("save", "Save the game (optionally under a name)", CommandTier.Admin,
        [new("name", "Save name (letters, digits, '.', '-', '_')") { MaxLength = 100 }])
    {
        Example = "save name: before-upgrade",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var name = run.Args.String("name");
        var reply = await run.ExecuteAsync(FactorioCommands.Save(name), cancellationToken).ConfigureAwait(false);
        var label = name ?? FactorioReplies.ParseSaveLabel(reply) ?? "current save";
        var embed = CommandEmbeds.Make("💾 Game Saved", CommandEmbeds.Green,
            $"Save name: **{CommandEmbeds.Safe(label)}**\n\nServer response:\n{CommandEmbeds.Block(reply, 1500)}", footer: CommandEmbeds.ActionFooter);
        return CommandOutcome.Ok(embed, label);
    }
}
