using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <summary>
    /// <c>POST /channels/{channel_id}/messages</c>. With a <paramref name="nonce"/> (≤ 25 chars) the message is sent
    /// with <c>enforce_nonce</c>, so a retry after an ambiguous failure returns the original instead of posting twice;
    /// that is also why such a request may be retried after a timeout.
    /// </summary>
    public async Task<DiscordMessageRef> CreateMessageAsync(string channelId, DiscordMessage message, string? nonce, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentNullException.ThrowIfNull(message);
        if (nonce is { Length: > 25 })
        {
            throw new ArgumentException("A Discord nonce has at most 25 characters.", nameof(nonce));
        }

        var route = DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", $"/channels/{channelId}/messages", channelId);
        var result = await SendAsync(route, DiscordWireMapper.ToCreate(message, nonce), DiscordJsonContext.Default.JsonMessageCreate,
            DiscordJsonContext.Default.JsonMessage, retryAmbiguous: nonce is not null, cancellationToken).ConfigureAwait(false);
        return DiscordWireMapper.FromWire(result);
    }

    /// <summary><c>PATCH /channels/{channel_id}/messages/{message_id}</c> (idempotent).</summary>
    public async Task<DiscordMessageRef> EditMessageAsync(string channelId, string messageId, DiscordMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(message);
        var route = DiscordRoute.Channel(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", $"/channels/{channelId}/messages/{messageId}", channelId);
        var result = await SendAsync(route, DiscordWireMapper.ToEdit(message), DiscordJsonContext.Default.JsonMessageEdit,
            DiscordJsonContext.Default.JsonMessage, retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        return DiscordWireMapper.FromWire(result);
    }

    /// <summary><c>GET /guilds/{guild_id}/roles</c>.</summary>
    public async Task<IReadOnlyList<DiscordRole>> GetGuildRolesAsync(string guildId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(guildId);
        var route = DiscordRoute.Guild(HttpMethod.Get, "/guilds/{guild_id}/roles", $"/guilds/{guildId}/roles", guildId);
        var roles = await SendAsync<JsonError, JsonRole[]>(route, null, null, DiscordJsonContext.Default.JsonRoleArray,
            retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        return (roles ?? []).Select(r => new DiscordRole(r.Id, r.Name, r.Mentionable)).ToList();
    }
}
