using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;

namespace FactorioIsr.Monitoring;

/// <summary>
/// Where the <see cref="StatusBoard"/> keeps its messages: Discord (<see cref="DiscordStatusBoardTarget"/>), or the
/// console for <c>isr demo</c> (<see cref="ConsoleStatusBoardTarget"/>). The board owns the cadence, the state-store
/// record and the recovery from a deleted message; a target only creates and edits.
/// </summary>
internal interface IStatusBoardTarget
{
    /// <summary>Creates <paramref name="server"/>'s status message with its files; a retry with the same <paramref name="nonce"/> returns the same message.</summary>
    Task<DiscordUploadResult> CreateAsync(string server, string channelId, DiscordMessage message, IReadOnlyList<DiscordFile> files, string nonce, CancellationToken cancellationToken);

    /// <summary>Edits it; <paramref name="files"/> replaces the attachments, null keeps them.</summary>
    /// <exception cref="DiscordRestException">404 10008 when the message was deleted.</exception>
    Task<DiscordUploadResult> EditAsync(string server, string channelId, string messageId, DiscordMessage message, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken);
}

/// <summary>The status board in Discord, through the shared REST client (its rate limits shared with everything else).</summary>
internal sealed class DiscordStatusBoardTarget(DiscordRestClient client) : IStatusBoardTarget
{
    public Task<DiscordUploadResult> CreateAsync(string server, string channelId, DiscordMessage message, IReadOnlyList<DiscordFile> files, string nonce, CancellationToken cancellationToken) =>
        client.CreateMessageWithFilesAsync(channelId, message, files, nonce, cancellationToken);

    public Task<DiscordUploadResult> EditAsync(string server, string channelId, string messageId, DiscordMessage message, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken) =>
        client.EditMessageWithFilesAsync(channelId, messageId, message, files, cancellationToken);
}
