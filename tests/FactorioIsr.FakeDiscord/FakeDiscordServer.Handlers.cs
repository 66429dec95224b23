using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FactorioIsr.FakeDiscord;

public sealed partial class FakeDiscordServer
{

    /// <summary>
    /// Registers an interaction as if it had just been dispatched: its callback must come within 3 s (else 404 10062
    /// Unknown interaction). Callbacks for interactions never registered are accepted.
    /// </summary>
    public void RegisterInteraction(string interactionId) => Interactions.Dispatched(interactionId);

    private FakeResult Dispatch(FakeRouteMatch match, JsonNode? body, IQueryCollection query, DateTimeOffset now, FakeUpload? upload = null)
    {
        switch (match.Method + " " + match.Template)
        {
            case "POST /channels/{channel_id}/messages":
                return CreateChannelMessage(match.Get("channel_id"), body, now, upload);
            case "PATCH /channels/{channel_id}/messages/{message_id}":
                return ChannelGuard(match.Get("channel_id")) ?? EditChannelMessage(match.Get("channel_id"), match.Get("message_id"), body, now, upload);
            case "DELETE /channels/{channel_id}/messages/{message_id}":
                return ChannelGuard(match.Get("channel_id")) ?? (DeleteMessage(match.Get("message_id")) ? new FakeResult(204, null) : new FakeResult(404, Error(10008, "Unknown Message")));
            case "POST /webhooks/{webhook_id}/{webhook_token}":
                return ExecuteWebhook(match, body, query, now);
            case "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original" when match.Get("webhook_id") == Options.ApplicationId:
                return EditOriginal(match, body, now, upload);
            case "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original":
            case "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}":
                return new FakeResult(200, MessageJson(match.Values.GetValueOrDefault("message_id") ?? NextId(), "0", body, match.Get("webhook_id"), now));
            case "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original":
            case "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}":
                return new FakeResult(204, null);
            case "GET /applications/@me":
                return new FakeResult(200, CurrentApplication().ToJsonString());
            case "GET /channels/{channel_id}":
                return GetChannel(match.Get("channel_id"));
            case "GET /guilds/{guild_id}/members/{user_id}":
                return GetMember(match.Get("guild_id"), match.Get("user_id"));
            case "GET /webhooks/{webhook_id}/{webhook_token}":
                return GetWebhook(match.Get("webhook_id"), match.Get("webhook_token"));
            case "GET /gateway/bot":
                return GatewayBot();
            case "PUT /applications/{application_id}/commands":
            case "PUT /applications/{application_id}/guilds/{guild_id}/commands":
                return OverwriteCommands(match, body);
            case "POST /interactions/{interaction_id}/{interaction_token}/callback":
                return InteractionAnswer(Interactions.Callback(match.Get("interaction_id"), match.Get("interaction_token"), body, now), null);

            case "GET /guilds/{guild_id}/roles":
                var roles = new JsonArray();
                var position = 0;
                foreach (var (id, name) in Roles.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    roles.Add(new JsonObject
                    {
                        ["id"] = id, ["name"] = name, ["color"] = 0, ["hoist"] = false, ["position"] = position++,
                        ["permissions"] = "0", ["managed"] = false, ["mentionable"] = true,
                    });
                }

                AddPermissions(roles, match.Get("guild_id"));
                return new FakeResult(200, roles.ToJsonString());
            default:
                return new FakeResult(404, Error(0, "404: Not Found"));
        }
    }

    private FakeResult? ChannelGuard(string channelId)
    {
        if (UnknownChannels.ContainsKey(channelId))
        {
            return new FakeResult(404, Error(10003, "Unknown Channel"));
        }

        return ForbiddenChannels.ContainsKey(channelId) ? new FakeResult(403, Error(50013, "Missing Permissions")) : null;
    }

    private FakeResult CreateChannelMessage(string channelId, JsonNode? body, DateTimeOffset now, FakeUpload? upload)
    {
        if (ChannelGuard(channelId) is { } guard)
        {
            return guard;
        }

        var errors = FakeDiscordValidation.ValidateMessage(body, webhook: false, hasFiles: upload is { Files.Count: > 0 });
        if (Attach(body, upload, [], out var attachments) is { } attachError)
        {
            errors.Add(attachError);
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var nonce = body?["nonce"]?.ToString();
        var enforce = body?["enforce_nonce"]?.GetValueKind() == JsonValueKind.True;
        var nonceKey = channelId + "|" + nonce;
        if (nonce is not null && enforce && _nonces.TryGetValue(nonceKey, out var seen) && now - seen.At < Options.NonceWindow)
        {
            // Discord returns the message created earlier with this nonce instead of posting again.
            return new FakeResult(200, MessageJson(seen.Message));
        }

        var message = ToMessage(NextId(), channelId, null, body, now) with { Attachments = attachments.Count > 0 ? attachments : null };
        if (nonce is not null && enforce)
        {
            _nonces[nonceKey] = (message, now);
        }

        Record(message);
        return new FakeResult(200, MessageJson(message));
    }

    private FakeResult ExecuteWebhook(FakeRouteMatch match, JsonNode? body, IQueryCollection query, DateTimeOffset now)
    {
        var webhookId = match.Get("webhook_id");
        var token = match.Get("webhook_token");
        string? channelId;
        if (webhookId == Options.ApplicationId)
        {
            channelId = "interaction"; // an interaction followup
        }
        else if (!_webhooks.TryGetValue(webhookId + "/" + token, out channelId))
        {
            return new FakeResult(404, Error(10015, "Unknown Webhook"));
        }

        if (ChannelGuard(channelId) is { } guard)
        {
            return guard;
        }

        var errors = FakeDiscordValidation.ValidateMessage(body, webhook: true);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var message = ToMessage(NextId(), channelId, webhookId, body, now);
        Record(message);
        var wait = query["wait"].ToString() is "true" or "1" || webhookId == Options.ApplicationId;
        return wait ? new FakeResult(200, MessageJson(message.Id, channelId, body, webhookId, now)) : new FakeResult(204, null);
    }

    private FakeResult OverwriteCommands(FakeRouteMatch match, JsonNode? body)
    {
        if (body is not JsonArray commands)
        {
            return Invalid([new FakeDiscordValidation.FieldError([], "BASE_TYPE_ARRAY", "Must be an array.")]);
        }

        var result = new JsonArray();
        foreach (var command in commands)
        {
            var copy = command!.DeepClone().AsObject();
            copy["id"] = NextId();
            copy["application_id"] = match.Get("application_id");
            copy["version"] = NextId();
            result.Add(copy);
        }

        return new FakeResult(200, result.ToJsonString());
    }

    private static FakeResult Invalid(IEnumerable<FakeDiscordValidation.FieldError> errors) =>
        new(400, Error(50035, "Invalid Form Body", FakeDiscordValidation.ToErrorsObject(errors)));

    private static FakeMessage ToMessage(string id, string channelId, string? webhookId, JsonNode? body, DateTimeOffset now) => new(
        id,
        channelId,
        webhookId,
        body?["content"]?.ToString(),
        body?["embeds"] is JsonArray embeds ? JsonSerializer.SerializeToElement(embeds) : null,
        body?["allowed_mentions"] is JsonObject mentions ? JsonSerializer.SerializeToElement(mentions) : null,
        body?["username"]?.ToString(),
        body?["avatar_url"]?.ToString(),
        body?["nonce"]?.ToString(),
        now);

    private static string MessageJson(string id, string channelId, JsonNode? body, string? webhookId, DateTimeOffset now)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["type"] = 0,
            ["content"] = body?["content"]?.ToString() ?? "",
            ["embeds"] = body?["embeds"]?.DeepClone() ?? new JsonArray(),
            ["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        if (body?["nonce"] is { } nonce)
        {
            json["nonce"] = nonce.DeepClone();
        }

        if (webhookId is not null)
        {
            json["webhook_id"] = webhookId;
        }

        return json.ToJsonString();
    }
}
