using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <summary>
    /// <c>POST /webhooks/{webhook_id}/{webhook_token}?wait=true</c>. Webhooks have no nonce, so this is never retried
    /// after an ambiguous failure: the caller gets a <see cref="DiscordTransportException"/> with IsAmbiguous and decides.
    /// </summary>
    public async Task<DiscordMessageRef> ExecuteWebhookAsync(
        string webhookId, string token, DiscordMessage message, string? username, string? avatarUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(message);
        var route = DiscordRoute.Webhook(HttpMethod.Post, "/webhooks/{webhook_id}/{webhook_token}", $"/webhooks/{webhookId}/{token}?wait=true", webhookId, token);
        var result = await SendAsync(route, DiscordWireMapper.ToWebhook(message, username, avatarUrl, flags: null), DiscordJsonContext.Default.JsonWebhookExecute,
            DiscordJsonContext.Default.JsonMessage, retryAmbiguous: false, cancellationToken).ConfigureAwait(false);
        return DiscordWireMapper.FromWire(result);
    }

    /// <summary><c>PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}</c> (<c>@original</c> allowed).</summary>
    public async Task<DiscordMessageRef> EditWebhookMessageAsync(
        string webhookId, string token, string messageId, DiscordMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(message);
        var route = DiscordRoute.Webhook(HttpMethod.Patch, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
            $"/webhooks/{webhookId}/{token}/messages/{messageId}", webhookId, token);
        var result = await SendAsync(route, DiscordWireMapper.ToEdit(message), DiscordJsonContext.Default.JsonMessageEdit,
            DiscordJsonContext.Default.JsonMessage, retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        return DiscordWireMapper.FromWire(result);
    }

    /// <summary><c>DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}</c>.</summary>
    public async Task DeleteWebhookMessageAsync(string webhookId, string token, string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var route = DiscordRoute.Webhook(HttpMethod.Delete, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
            $"/webhooks/{webhookId}/{token}/messages/{messageId}", webhookId, token);
        await SendAsync<JsonError, JsonMessage>(route, null, null, null, retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
    }
}
