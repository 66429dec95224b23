using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>One permission overwrite of a channel (Discord's <c>permission_overwrites</c>): type 0 a role, 1 a member.</summary>
public sealed record FakeOverwrite(string Id, int Type, ulong Allow, ulong Deny);

/// <summary>
/// What <c>isr doctor</c> reads: <c>GET /channels/{id}</c> (guild and overwrites), the bot's member
/// (<c>GET /guilds/{id}/members/{user_id}</c>), the roles' permissions (in <c>GET /guilds/{id}/roles</c>, with the
/// <c>@everyone</c> role of <see cref="GuildId"/>), the application's <c>flags</c>, and <c>GET /webhooks/{id}/{token}</c>.
/// The defaults are a server set up right: the bot is a member, <c>@everyone</c> may view, send, embed and attach.
/// </summary>
public sealed partial class FakeDiscordServer
{
    /// <summary>View Channel, Send Messages, Embed Links, Attach Files, Read Message History.</summary>
    public const ulong DefaultEveryonePermissions = (1UL << 10) | (1UL << 11) | (1UL << 14) | (1UL << 15) | (1UL << 16);

    /// <summary>The guild every channel is in.</summary>
    public string GuildId { get; set; } = "444000000000000001";

    /// <summary>The bot's user id (the application's <c>bot.id</c>).</summary>
    public string BotUserId { get; set; } = "333000000000000002";

    /// <summary>The <c>@everyone</c> role's permissions in <see cref="GuildId"/>.</summary>
    public ulong EveryonePermissions { get; set; } = DefaultEveryonePermissions;

    /// <summary>Permissions of the roles in <see cref="Roles"/> (0 when not set).</summary>
    public ConcurrentDictionary<string, ulong> RolePermissions { get; } = new(StringComparer.Ordinal);

    /// <summary>The bot member's roles.</summary>
    public ConcurrentBag<string> BotRoles { get; } = [];

    /// <summary>False: the bot is not in the guild (404 Unknown Member).</summary>
    public bool BotIsMember { get; set; } = true;

    /// <summary>Overwrites per channel id.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<FakeOverwrite>> ChannelOverwrites { get; } = new(StringComparer.Ordinal);

    /// <summary>The application's <c>flags</c> (1 &lt;&lt; 18 GATEWAY_MESSAGE_CONTENT, 1 &lt;&lt; 19 its _LIMITED form).</summary>
    public ulong ApplicationFlags { get; set; }

    private JsonObject CurrentApplication() => new()
    {
        ["id"] = Options.ApplicationId,
        ["name"] = "Fake ISR",
        ["bot_public"] = false,
        ["flags"] = ApplicationFlags,
        ["verify_key"] = HttpInteractions.PublicKeyHex, // the key the HTTP interactions are signed with
        ["bot"] = new JsonObject { ["id"] = BotUserId, ["username"] = "Fake ISR", ["bot"] = true },
    };

    /// <summary>The <c>@everyone</c> role and the roles' permissions, for the roles route of <see cref="GuildId"/>.</summary>
    private void AddPermissions(JsonArray roles, string guildId)
    {
        foreach (var role in roles.OfType<JsonObject>())
        {
            role["permissions"] = RolePermissions.GetValueOrDefault(role["id"]!.GetValue<string>()).ToString(CultureInfo.InvariantCulture);
        }

        if (guildId == GuildId)
        {
            roles.Insert(0, new JsonObject
            {
                ["id"] = GuildId, ["name"] = "@everyone", ["color"] = 0, ["hoist"] = false, ["position"] = 0,
                ["permissions"] = EveryonePermissions.ToString(CultureInfo.InvariantCulture), ["managed"] = false, ["mentionable"] = false,
            });
        }
    }

    private FakeResult GetChannel(string channelId)
    {
        if (UnknownChannels.ContainsKey(channelId))
        {
            return new FakeResult(404, Error(10003, "Unknown Channel"));
        }

        if (ForbiddenChannels.ContainsKey(channelId))
        {
            return new FakeResult(403, Error(50001, "Missing Access"));
        }

        var overwrites = new JsonArray();
        foreach (var o in ChannelOverwrites.GetValueOrDefault(channelId) ?? [])
        {
            overwrites.Add(new JsonObject
            {
                ["id"] = o.Id, ["type"] = o.Type,
                ["allow"] = o.Allow.ToString(CultureInfo.InvariantCulture), ["deny"] = o.Deny.ToString(CultureInfo.InvariantCulture),
            });
        }

        return new FakeResult(200, new JsonObject
        {
            ["id"] = channelId, ["type"] = 0, ["guild_id"] = GuildId, ["name"] = "channel-" + channelId, ["position"] = 0,
            ["permission_overwrites"] = overwrites,
        }.ToJsonString());
    }

    private FakeResult GetMember(string guildId, string userId)
    {
        if (guildId != GuildId)
        {
            return new FakeResult(404, Error(10004, "Unknown Guild"));
        }

        if (userId != BotUserId || !BotIsMember)
        {
            return new FakeResult(404, Error(10007, "Unknown Member"));
        }

        return new FakeResult(200, new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "Fake ISR", ["bot"] = true },
            ["roles"] = new JsonArray([.. BotRoles.Distinct(StringComparer.Ordinal).Select(r => (JsonNode)r)]),
            ["joined_at"] = "2026-01-01T00:00:00.000000+00:00", ["deaf"] = false, ["mute"] = false,
        }.ToJsonString());
    }

    private FakeResult GetWebhook(string webhookId, string token) =>
        _webhooks.TryGetValue(webhookId + "/" + token, out var channelId)
            ? new FakeResult(200, new JsonObject
            {
                ["id"] = webhookId, ["type"] = 1, ["channel_id"] = channelId, ["guild_id"] = GuildId, ["name"] = "Factorio", ["token"] = token,
            }.ToJsonString())
            : new FakeResult(404, Error(10015, "Unknown Webhook"));
}
