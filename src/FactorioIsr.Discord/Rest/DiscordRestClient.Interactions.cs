using System.Text.Json;
using FactorioIsr.Discord.Interactions;
using FactorioIsr.Discord.Messages;

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
        await SendAsync(OriginalRoute(applicationId, token), edit, InteractionJsonContext.Default.JsonInteractionEdit, InteractionJsonContext.Default.JsonMessage,
            retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="EditInteractionOriginalAsync"/> with files: <c>multipart/form-data</c> with the edit as
    /// <c>payload_json</c>, whose <c>attachments</c> lists <c>files[N]</c> as id N (the reply ends with exactly these
    /// files), and each file as <c>files[N]</c>, as <see cref="EditMessageWithFilesAsync"/> does for channel messages. An
    /// embed shows an upload with <c>attachment://NAME</c>. Idempotent (an edit), so a timeout is retried.
    /// </summary>
    public async Task<DiscordUploadResult> EditInteractionOriginalWithFilesAsync(string applicationId, string token, JsonInteractionEdit edit, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(files);
        CheckFiles(files);
        var body = new JsonInteractionEdit
        {
            Content = edit.Content,
            Embeds = edit.Embeds,
            AllowedMentions = edit.AllowedMentions,
            Components = edit.Components,
            Attachments = AttachmentRefs(files),
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, InteractionJsonContext.Default.JsonInteractionEdit);
        var result = await SendContentAsync(OriginalRoute(applicationId, token), () => Multipart(payload, files), InteractionJsonContext.Default.JsonMessage,
            retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        return Upload(result);
    }

    private static DiscordRoute OriginalRoute(string applicationId, string token) =>
        DiscordRoute.Webhook(HttpMethod.Patch, "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            $"/webhooks/{applicationId}/{token}/messages/@original", applicationId, token);
}
