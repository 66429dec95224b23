using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <summary><c>GET /applications/@me</c>: the application id needed for command and followup routes.</summary>
    public async Task<JsonApplication> GetCurrentApplicationAsync(CancellationToken cancellationToken)
    {
        var route = DiscordRoute.Bot(HttpMethod.Get, "/applications/@me", "/applications/@me");
        return await SendAsync<JsonError, JsonApplication>(route, null, null, DiscordJsonContext.Default.JsonApplication,
            retryAmbiguous: true, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("Empty application body.");
    }

    /// <summary><c>GET /gateway/bot</c>.</summary>
    public async Task<JsonGatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        var route = DiscordRoute.Bot(HttpMethod.Get, "/gateway/bot", "/gateway/bot");
        return await SendAsync<JsonError, JsonGatewayBot>(route, null, null, DiscordJsonContext.Default.JsonGatewayBot,
            retryAmbiguous: true, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("Empty gateway body.");
    }

    /// <summary>
    /// <c>PUT /applications/{application_id}/commands</c> (global) or <c>.../guilds/{guild_id}/commands</c>: replaces
    /// the whole set (idempotent). Takes the wire model directly: the commands feature owns the domain side.
    /// </summary>
    public async Task<IReadOnlyList<JsonApplicationCommand>> BulkOverwriteCommandsAsync(
        string applicationId, string? guildId, IReadOnlyList<JsonApplicationCommand> commands, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        ArgumentNullException.ThrowIfNull(commands);
        var route = guildId is null
            ? DiscordRoute.Bot(HttpMethod.Put, "/applications/{application_id}/commands", $"/applications/{applicationId}/commands")
            : DiscordRoute.Guild(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands",
                $"/applications/{applicationId}/guilds/{guildId}/commands", guildId);
        var result = await SendAsync(route, commands, DiscordJsonContext.Default.IReadOnlyListJsonApplicationCommand,
            DiscordJsonContext.Default.JsonApplicationCommandArray, retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        return result ?? [];
    }

    /// <summary><c>POST /webhooks/{application_id}/{interaction_token}</c>: a followup message.</summary>
    public async Task<DiscordMessageRef> CreateFollowupAsync(
        string applicationId, string token, DiscordMessage message, bool ephemeral, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(message);
        var route = DiscordRoute.Webhook(HttpMethod.Post, "/webhooks/{webhook_id}/{webhook_token}", $"/webhooks/{applicationId}/{token}", applicationId, token);
        var result = await SendAsync(route, DiscordWireMapper.ToWebhook(message, null, null, ephemeral ? 64 : null), DiscordJsonContext.Default.JsonWebhookExecute,
            DiscordJsonContext.Default.JsonMessage, retryAmbiguous: false, cancellationToken).ConfigureAwait(false);
        return DiscordWireMapper.FromWire(result);
    }

    /// <summary>Edits the original response (<c>@original</c>) or a followup.</summary>
    public Task<DiscordMessageRef> EditFollowupAsync(string applicationId, string token, string messageId, DiscordMessage message, CancellationToken cancellationToken) =>
        EditWebhookMessageAsync(applicationId, token, messageId, message, cancellationToken);

    /// <summary>Deletes the original response (<c>@original</c>) or a followup.</summary>
    public Task DeleteFollowupAsync(string applicationId, string token, string messageId, CancellationToken cancellationToken) =>
        DeleteWebhookMessageAsync(applicationId, token, messageId, cancellationToken);
}
