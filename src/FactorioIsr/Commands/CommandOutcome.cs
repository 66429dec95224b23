using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Commands;

/// <summary>
/// What a command answers: an embed or plain text, whether only the invoker sees it, and the one-line result the audit
/// records (<c>ok: ...</c> or <c>error: ...</c>).
/// </summary>
internal sealed record CommandOutcome(DiscordEmbed? Embed, string? Content, bool Ephemeral, bool Success, string Result)
{
    /// <summary>Files uploaded with the reply (the status chart; its embed shows it with <c>attachment://NAME</c>); null: none.</summary>
    public IReadOnlyList<DiscordFile>? Files { get; init; }

    public static CommandOutcome Ok(DiscordEmbed embed, string result, bool ephemeral = false) => new(embed, null, ephemeral, true, "ok: " + result);

    public static CommandOutcome Text(string content, bool ephemeral = true) => new(null, content, ephemeral, true, "ok");

    /// <summary>A specific error, shown only to the invoker.</summary>
    public static CommandOutcome Error(string message) => new(CommandEmbeds.Error(message), null, true, false, "error: " + message);
}
