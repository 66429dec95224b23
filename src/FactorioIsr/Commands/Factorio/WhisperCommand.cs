using FactorioIsr.ChatBridge;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands.Factorio;

/// <summary><c>whisper player message</c>: <c>/whisper</c> with a validated name and the message encoded as the chat bridge encodes Discord text.</summary>
internal sealed class WhisperCommand : ICommand
{
    public CommandSpec Spec { get; } = new("whisper", "Send a private message to a player", CommandTier.Admin,
        [CommandOptionSpec.Player("Player to message"), new("message", "The message", Required: true) { MaxLength = 500 }])
    {
        Example = "whisper player: Alice message: please check your base",
    };

    public async Task<CommandOutcome> RunAsync(CommandRun run, CancellationToken cancellationToken)
    {
        var player = run.Args.String("player");
        var message = DiscordChatText.Encode(run.Args.String("message"));
        if (run.Environment.Refusal(message) is { } refused)
        {
            return CommandOutcome.Error(refused);
        }

        var reply = await run.ExecuteAsync(FactorioCommands.Whisper(player ?? "", message), cancellationToken).ConfigureAwait(false);
        if (reply.Contains("not online", StringComparison.OrdinalIgnoreCase))
        {
            return CommandOutcome.Error(CommandEmbeds.Safe(reply.Trim()));
        }

        var embed = CommandEmbeds.Make("💬 Private Message Sent", CommandEmbeds.Blue, null,
        [
            CommandEmbeds.Field("Player", CommandEmbeds.Safe(player)),
            CommandEmbeds.Field("Server", CommandEmbeds.Safe(run.Target.Name)),
            CommandEmbeds.Field("Message", CommandEmbeds.Safe(message), inline: false),
        ], CommandEmbeds.ActionFooter);
        return CommandOutcome.Ok(embed, player!);
    }
}
