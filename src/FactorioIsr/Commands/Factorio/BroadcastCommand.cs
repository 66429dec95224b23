using FactorioIsr.ChatBridge;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary>
/// <c>broadcast message</c>: a message every player sees, sent as raw console chat (no Lua: it keeps achievements and
/// works on an achievement-safe server), encoded by the chat bridge's <see cref="DiscordChatText"/>: one line,
/// readable Discord markup, no rich-text tags, a leading '/' neutralised.
/// </summary>
internal sealed class BroadcastCommand : ICommand
{
    public CommandSpec Spec { get; } = new("broadcast", "Send a message to every player", CommandTier.Admin,
        [new("message", "The message", Required: true) { MaxLength = 500 }])
    {
        Example = "broadcast message: Restart in 5 minutes",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var message = run.Args.String("message");
        if (message is null)
        {
            return CommandOutcome.Error("A broadcast needs a message.");
        }

        var text = DiscordChatText.Encode(message);
        if (text.Length == 0)
        {
            return CommandOutcome.Error("A broadcast needs a message.");
        }

        if (run.Environment.Refusal(text) is { } refused)
        {
            return CommandOutcome.Error(refused);
        }

        await run.ExecuteAsync(FactorioCommands.Broadcast(text), cancellationToken).ConfigureAwait(false);
        var embed = CommandEmbeds.Make("📢 Broadcast Sent", CommandEmbeds.Green,
            $"Message: _{CommandEmbeds.Safe(text)}_\n\nAll online players have been notified.", footer: CommandEmbeds.ActionFooter);
        return CommandOutcome.Ok(embed, "sent");
    }
}
