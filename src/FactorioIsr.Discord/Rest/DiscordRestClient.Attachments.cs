using System.Net.Http.Headers;
using System.Text.Json;
using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <summary>
    /// <c>POST /channels/{channel_id}/messages</c> with files: <c>multipart/form-data</c> with the message as
    /// <c>payload_json</c> (its <c>attachments</c> list names <c>files[N]</c> as id N) and each file as <c>files[N]</c>.
    /// An embed shows an uploaded image with <c>attachment://NAME</c>. The nonce works as in
    /// <see cref="CreateMessageAsync"/>, so a retry after a timeout cannot post twice.
    /// </summary>
    public async Task<DiscordUploadResult> CreateMessageWithFilesAsync(string channelId, DiscordMessage message, IReadOnlyList<DiscordFile> files, string? nonce, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        if (nonce is { Length: > 25 })
        {
            throw new ArgumentException("A Discord nonce has at most 25 characters.", nameof(nonce));
        }

        CheckFiles(files);
        var body = DiscordWireMapper.ToCreate(message, nonce);
        body.Attachments = AttachmentRefs(files);
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, DiscordJsonContext.Default.JsonMessageCreate);
        var route = DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", $"/channels/{channelId}/messages", channelId);
        var result = await SendContentAsync(route, () => Multipart(payload, files), DiscordJsonContext.Default.JsonMessage,
            retryAmbiguous: nonce is not null, cancellationToken).ConfigureAwait(false);
        return Upload(result);
    }

    /// <summary>
    /// <c>PATCH /channels/{channel_id}/messages/{message_id}</c>. With <paramref name="files"/>, they replace every
    /// attachment the message had (multipart, as <see cref="CreateMessageWithFilesAsync"/>); with null, the attachments
    /// are left as they are (a JSON body without <c>attachments</c>). Idempotent.
    /// </summary>
    public async Task<DiscordUploadResult> EditMessageWithFilesAsync(string channelId, string messageId, DiscordMessage message, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(message);
        var route = DiscordRoute.Channel(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", $"/channels/{channelId}/messages/{messageId}", channelId);
        var body = DiscordWireMapper.ToEdit(message);
        JsonMessage? result;
        if (files is null)
        {
            result = await SendAsync(route, body, DiscordJsonContext.Default.JsonMessageEdit, DiscordJsonContext.Default.JsonMessage,
                retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            CheckFiles(files);
            body.Attachments = AttachmentRefs(files);
            var payload = JsonSerializer.SerializeToUtf8Bytes(body, DiscordJsonContext.Default.JsonMessageEdit);
            result = await SendContentAsync(route, () => Multipart(payload, files), DiscordJsonContext.Default.JsonMessage,
                retryAmbiguous: true, cancellationToken).ConfigureAwait(false);
        }

        return Upload(result);
    }

    private static void CheckFiles(IReadOnlyList<DiscordFile> files)
    {
        if (files.Count > DiscordFile.MaxPerMessage)
        {
            throw new ArgumentException($"A message carries at most {DiscordFile.MaxPerMessage} files.", nameof(files));
        }

        foreach (var file in files)
        {
            ArgumentException.ThrowIfNullOrEmpty(file.FileName);
        }
    }

    private static List<JsonAttachmentRef> AttachmentRefs(IReadOnlyList<DiscordFile> files) =>
        [.. files.Select((f, i) => new JsonAttachmentRef { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Filename = f.FileName })];

    /// <summary>A new body per attempt (an <see cref="HttpContent"/> is consumed by its request).</summary>
    private static MultipartFormDataContent Multipart(byte[] payload, IReadOnlyList<DiscordFile> files)
    {
        var form = new MultipartFormDataContent();
        var json = new ByteArrayContent(payload);
        json.Headers.ContentType = JsonMediaType;
        form.Add(json, "payload_json");
        for (var i = 0; i < files.Count; i++)
        {
            var part = new ReadOnlyMemoryContent(files[i].Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
            form.Add(part, $"files[{i}]", files[i].FileName);
        }

        return form;
    }

    private static DiscordUploadResult Upload(JsonMessage? message) => new(
        DiscordWireMapper.FromWire(message),
        message?.Embeds?.FirstOrDefault(e => e.Image is not null)?.Image?.Url,
        [.. (message?.Attachments ?? []).Select(a => a.Filename ?? a.Id)]);
}
