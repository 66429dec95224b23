using FactorioIsr.Discord.Interactions;

namespace FactorioIsr.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <summary>
    /// <c>POST /interactions/{id}/{token}/callback</c> with an interaction wire reply (components included). Never
    /// retried when ambiguous: a second callback is 40060.
    /// </summary>
    public async Task RespondToInteractionAsync(string interactionId, string token, JsonInteractionReply reply, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(reply);
        var route = DiscordRoute.Interaction(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback",
            $"/interactions/{interactionId}/{token}/callback", interactionId);
        await SendAsync(route, reply, InteractionJsonContext.Default.JsonInteractionReply, InteractionJsonContext.Default.JsonMessage,
            retryAmbiguous: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PATCH /webhooks/{application_id}/{token}/messages/@original</c>: the deferred or confirmed reply's final text.</summary>
    public async Task EditInteractionOriginalAsync(string applicationId, string token, JsonInteractionEdit edit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(edit);
        var route = DiscordRoute.Webhook(HttpMethod.Patch, "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            $"/webhooks/{applicationId}/{token}/messages/@original", applicationId, token);
        await SendAsync(route, edit, InteractionJsonContext.Default.JsonInteractionEdit, InteractionJsonContext.Default.JsonMessage,
            retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
    }
}
