using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>whitelist action [player]</c>: list, enable, disable, add, remove.</summary>
internal sealed class WhitelistCommand : ICommand
{
    public CommandSpec Spec { get; } = new("whitelist", "Manage the server whitelist", CommandTier.Admin,
    [
        new("action", "What to do", Required: true) { Choices = ["list", "add", "remove", "enable", "disable"] },
        new("player", "Player (for add and remove)") { Autocomplete = AutocompleteSource.Players, MaxLength = PlayerName.MaxLength },
    ])
    {
        Example = "whitelist action: add player: Alice",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var player = run.Args.String("player");
        (WhitelistAction Action, string Title, int Color)? choice = run.Args.String("action")?.ToLowerInvariant() switch
        {
            "list" or "get" => (WhitelistAction.Get, "📋 Whitelist", CommandEmbeds.Blue),
            "enable" => (WhitelistAction.Enable, "✅ Whitelist Enabled", CommandEmbeds.Green),
            "disable" => (WhitelistAction.Disable, "⚠️ Whitelist Disabled", CommandEmbeds.Orange),
            "add" => (WhitelistAction.Add, $"✅ {CommandEmbeds.Safe(player)} Added to Whitelist", CommandEmbeds.Green),
            "remove" => (WhitelistAction.Remove, $"🚫 {CommandEmbeds.Safe(player)} Removed from Whitelist", CommandEmbeds.Orange),
            _ => null,
        };
        if (choice is not { } c)
        {
            return CommandOutcome.Error("Invalid action. Use one of: add, remove, list, enable, disable.");
        }

        if (c.Action is WhitelistAction.Add or WhitelistAction.Remove && player is null)
        {
            return CommandOutcome.Error("add and remove need a player.");
        }

        var reply = await run.ExecuteAsync(FactorioCommands.Whitelist(c.Action, player), cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Ok(CommandEmbeds.Make(c.Title, c.Color, CommandEmbeds.Block(reply, 1500)), c.Action.ToString().ToLowerInvariant() + (player is null ? "" : " " + player));
    }
}
