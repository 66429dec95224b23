using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FactorioIsr.FakeDiscord;

/// <summary>
/// Messages with files (multipart/form-data: <c>payload_json</c> and <c>files[N]</c>, as Discord documents them), edits
/// of channel messages (404 10008 Unknown Message for one that does not exist or was deleted) and deletes. Edits
/// follow Discord: a key left out of the body is unchanged; <c>attachments</c>, when present, is the full list the
/// message keeps (existing ids) plus the new uploads (id N is <c>files[N]</c>). An embed image
/// <c>attachment://NAME</c> comes back as the attachment's URL.
/// </summary>
public sealed partial class FakeDiscordServer
{
    /// <summary>A channel message as someone deleting it in Discord would: later edits get 404 10008. False when unknown.</summary>
    public bool DeleteMessage(string messageId)
    {
        lock (_lock)
        {
            return _messages.RemoveAll(m => m.Id == messageId && m.WebhookId is null) > 0;
        }
    }

    /// <summary>The channel message with this id as it is now (after its edits); null when none (or deleted).</summary>
    public FakeMessage? FindMessage(string messageId)
    {
        lock (_lock)
        {
            return _messages.FirstOrDefault(m => m.Id == messageId);
        }
    }

    private static async Task<FakeUpload> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var files = new List<(int Index, IFormFile File, byte[] Content)>();
        foreach (var file in form.Files)
        {
            if (!file.Name.StartsWith("files[", StringComparison.Ordinal) || !file.Name.EndsWith(']')
                || !int.TryParse(file.Name.AsSpan(6, file.Name.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index is < 0 or > 9)
            {
                return new FakeUpload(null, [], new FakeDiscordValidation.FieldError([file.Name], "BASE_TYPE_INVALID", "File fields are files[0] to files[9]."));
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            files.Add((index, file, buffer.ToArray()));
        }

        var payload = form.TryGetValue("payload_json", out var json) ? json.ToString() : null;
        if (payload is null && files.Count > 0)
        {
            return new FakeUpload(null, [], new FakeDiscordValidation.FieldError(["payload_json"], "BASE_TYPE_REQUIRED", "This field is required"));
        }

        return new FakeUpload(payload, [.. files.Select(f => new FakeUploadedFile(f.Index, f.File.FileName, f.File.ContentType, f.Content))], null);
    }

    /// <summary>
    /// The attachments a message ends with: those of <paramref name="existing"/> the body's <c>attachments</c> keeps, and
    /// each upload, whose <c>files[N]</c> must be listed with id N. Null when all is well, else the error.
    /// </summary>
    private FakeDiscordValidation.FieldError? Attach(JsonNode? body, FakeUpload? upload, IReadOnlyList<FakeAttachment> existing, out List<FakeAttachment> result)
    {
        result = [];
        var listed = body?["attachments"] as JsonArray;
        var files = upload?.Files ?? [];
        if (listed is null)
        {
            if (files.Count > 0)
            {
                return new FakeDiscordValidation.FieldError(["attachments"], "BASE_TYPE_REQUIRED", "files[N] needs an attachments entry with id N.");
            }

            result.AddRange(existing);
            return null;
        }

        foreach (var entry in listed)
        {
            var id = entry?["id"]?.ToString();
            if (existing.FirstOrDefault(a => a.Id == id) is { } kept)
            {
                result.Add(kept);
                continue;
            }

            var file = files.FirstOrDefault(f => f.Index.ToString(CultureInfo.InvariantCulture) == id);
            if (file is null)
            {
                return new FakeDiscordValidation.FieldError(["attachments"], "ATTACHMENT_NOT_FOUND", $"Attachment {id} is neither an upload nor an attachment of the message.");
            }

            var name = entry?["filename"]?.ToString() is { Length: > 0 } listedName ? listedName : file.FileName;
            result.Add(new FakeAttachment(NextId(), name, file.ContentType, file.Content));
        }

        foreach (var file in files)
        {
            if (!listed.Any(e => e?["id"]?.ToString() == file.Index.ToString(CultureInfo.InvariantCulture)))
            {
                return new FakeDiscordValidation.FieldError(["attachments"], "BASE_TYPE_REQUIRED", $"files[{file.Index}] has no attachments entry with id {file.Index}.");
            }
        }

        return null;
    }

    private FakeResult EditChannelMessage(string channelId, string messageId, JsonNode? body, DateTimeOffset now, FakeUpload? upload)
    {
        lock (_lock)
        {
            var index = _messages.FindIndex(m => m.Id == messageId && m.ChannelId == channelId && m.WebhookId is null);
            if (index < 0)
            {
                return new FakeResult(404, Error(10008, "Unknown Message"));
            }

            var old = _messages[index];
            if (Attach(body, upload, old.Attachments ?? [], out var attachments) is { } error)
            {
                return Invalid([error]);
            }

            var edited = old with
            {
                Content = body is JsonObject o && o.ContainsKey("content") ? body["content"]?.ToString() : old.Content,
                Embeds = body is JsonObject e && e.ContainsKey("embeds") ? (body["embeds"] is JsonArray embeds ? JsonSerializer.SerializeToElement(embeds) : null) : old.Embeds,
                AllowedMentions = body?["allowed_mentions"] is JsonObject mentions ? JsonSerializer.SerializeToElement(mentions) : old.AllowedMentions,
                Attachments = attachments.Count > 0 ? attachments : null,
                Edits = old.Edits + 1,
            };
            var check = new JsonObject { ["content"] = edited.Content, ["embeds"] = edited.Embeds is { } je ? JsonNode.Parse(je.GetRawText()) : null };
            var errors = FakeDiscordValidation.ValidateMessage(check, webhook: false, hasFiles: attachments.Count > 0);
            if (errors.Count > 0)
            {
                return Invalid(errors);
            }

            _messages[index] = edited;
            return new FakeResult(200, MessageJson(edited));
        }
    }

    /// <summary>The message object of a channel message the fake keeps (attachments with their URLs; embeds' attachment:// resolved).</summary>
    private static string MessageJson(FakeMessage message)
    {
        var attachments = new JsonArray();
        foreach (var a in message.Attachments ?? [])
        {
            attachments.Add(new JsonObject
            {
                ["id"] = a.Id, ["filename"] = a.FileName, ["size"] = a.Content.Length, ["url"] = a.Url(message.ChannelId),
                ["proxy_url"] = a.Url(message.ChannelId), ["content_type"] = a.ContentType,
            });
        }

        var embeds = message.Embeds is { } je ? JsonNode.Parse(je.GetRawText()) as JsonArray ?? [] : [];
        foreach (var embed in embeds.OfType<JsonObject>())
        {
            if (embed["image"]?["url"]?.ToString() is { } url && url.StartsWith("attachment://", StringComparison.Ordinal)
                && message.Attachments?.FirstOrDefault(a => a.FileName == url["attachment://".Length..]) is { } target)
            {
                embed["image"] = new JsonObject { ["url"] = target.Url(message.ChannelId), ["proxy_url"] = target.Url(message.ChannelId) };
            }
        }

        var json = new JsonObject
        {
            ["id"] = message.Id,
            ["channel_id"] = message.ChannelId,
            ["type"] = 0,
            ["content"] = message.Content ?? "",
            ["embeds"] = embeds,
            ["attachments"] = attachments,
            ["timestamp"] = message.At.ToString("O", CultureInfo.InvariantCulture),
        };
        if (message.Nonce is { } nonce)
        {
            json["nonce"] = nonce;
        }

        if (message.Edits > 0)
        {
            json["edited_timestamp"] = message.At.ToString("O", CultureInfo.InvariantCulture);
        }

        return json.ToJsonString();
    }
}

/// <summary>A multipart body: its <c>payload_json</c> and files, or why it is refused.</summary>
internal sealed record FakeUpload(string? PayloadJson, IReadOnlyList<FakeUploadedFile> Files, FakeDiscordValidation.FieldError? Error);

internal sealed record FakeUploadedFile(int Index, string FileName, string ContentType, byte[] Content);
