using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord.Interactions;

/// <summary>An interaction object in Discord's shape (discord.md §2.1): what the HTTP sender POSTs and the fake gateway dispatches.</summary>
internal static class FakeInteractionPayload
{
    public static JsonObject Build(FakeInteractionSpec spec, string id, string token, string applicationId)
    {
        var user = new JsonObject { ["id"] = spec.UserId, ["username"] = spec.Username, ["discriminator"] = "0", ["global_name"] = spec.GlobalName, ["avatar"] = null };
        var payload = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = applicationId,
            ["type"] = spec.Type,
            ["token"] = token,
            ["version"] = 1,
        };
        if (spec.Type != 1)
        {
            payload["guild_id"] = spec.GuildId;
            payload["channel_id"] = spec.ChannelId;
            payload["channel"] = new JsonObject { ["id"] = spec.ChannelId, ["type"] = 0, ["name"] = "general" };
            payload["member"] = new JsonObject
            {
                ["user"] = user,
                ["roles"] = new JsonArray([.. spec.Roles.Select(r => (JsonNode?)JsonValue.Create(r))]),
                ["permissions"] = spec.Permissions,
                ["nick"] = spec.Nick,
                ["joined_at"] = "2017-03-13T19:19:14.040000+00:00",
                ["deaf"] = false,
                ["mute"] = false,
                ["flags"] = 0,
                ["pending"] = false,
            };
            payload["app_permissions"] = "442368";
            payload["locale"] = spec.Locale;
            payload["guild_locale"] = "en-US";
            payload["entitlements"] = new JsonArray();
            payload["authorizing_integration_owners"] = new JsonObject { ["0"] = spec.GuildId };
            payload["context"] = 0;
            payload["attachment_size_limit"] = 10485760;
            payload["data"] = spec.Data?.DeepClone() ?? new JsonObject
            {
                ["id"] = "771825006014889984",
                ["name"] = spec.CommandName,
                ["type"] = 1,
                ["guild_id"] = spec.GuildId,
                ["options"] = spec.Options?.DeepClone() ?? new JsonArray(),
            };
        }
        else
        {
            // Discord's endpoint check: a PING carries the application and a user, no guild and no data.
            payload["user"] = user;
        }

        if (spec.Extra is { } extra)
        {
            foreach (var (key, value) in extra)
            {
                payload[key] = value?.DeepClone();
            }
        }

        return payload;
    }
}
