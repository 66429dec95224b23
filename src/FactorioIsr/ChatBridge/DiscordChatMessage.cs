using System.Globalization;
using System.Text.Json;

namespace FactorioIsr.ChatBridge;

/// <summary>What the chat bridge reads of a MESSAGE_CREATE dispatch (discord.md; Discord's message object).</summary>
/// <param name="ChannelId">Where it was posted.</param>
/// <param name="Type">Discord's message type: 0 (default) and 19 (reply) are chat; the others are system messages.</param>
/// <param name="AuthorName">The display name: the member's nick, else the user's global name, else the username.</param>
/// <param name="FromBot">Written by a bot (ours included) or a webhook: never relayed.</param>
internal sealed record DiscordChatMessage(
    ulong Id,
    ulong ChannelId,
    int Type,
    string AuthorName,
    bool FromBot,
    string? Content,
    DiscordMentionNames Mentions,
    IReadOnlyList<DiscordAttachmentInfo> Attachments,
    IReadOnlyList<string> Stickers)
{
    /// <summary>Reads a MESSAGE_CREATE payload; false when it lacks what a message always has (id, channel, author).</summary>
    public static bool TryParse(JsonElement data, out DiscordChatMessage message)
    {
        message = null!;
        if (data.ValueKind != JsonValueKind.Object
            || Snowflake(data, "id") is not { } id
            || Snowflake(data, "channel_id") is not { } channel
            || !data.TryGetProperty("author", out var author) || author.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var type = data.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var n) ? n : 0;
        var member = data.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var fromBot = Bool(author, "bot") || Bool(author, "system")
            || (data.TryGetProperty("webhook_id", out var webhook) && webhook.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined));
        message = new DiscordChatMessage(
            id,
            channel,
            type,
            DisplayName(author, member),
            fromBot,
            String(data, "content"),
            new DiscordMentionNames(ReadUsers(data), new Dictionary<ulong, string>(), new Dictionary<ulong, string>()),
            ReadAttachments(data),
            ReadStickers(data));
        return true;
    }

    /// <summary>Member nick, else global name, else username (Discord's own order), else "someone".</summary>
    private static string DisplayName(JsonElement user, JsonElement member) =>
        NonEmpty(member.ValueKind == JsonValueKind.Object ? String(member, "nick") : null)
        ?? NonEmpty(String(user, "global_name"))
        ?? NonEmpty(String(user, "username"))
        ?? "someone";

    private static Dictionary<ulong, string> ReadUsers(JsonElement data)
    {
        var users = new Dictionary<ulong, string>();
        if (data.TryGetProperty("mentions", out var mentions) && mentions.ValueKind == JsonValueKind.Array)
        {
            foreach (var user in mentions.EnumerateArray())
            {
                if (user.ValueKind == JsonValueKind.Object && Snowflake(user, "id") is { } id)
                {
                    var member = user.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                    users[id] = DisplayName(user, member);
                }
            }
        }

        return users;
    }

    private static List<DiscordAttachmentInfo> ReadAttachments(JsonElement data)
    {
        var attachments = new List<DiscordAttachmentInfo>();
        if (data.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var attachment in list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
            {
                attachments.Add(new DiscordAttachmentInfo(String(attachment, "filename") ?? "", String(attachment, "content_type")));
            }
        }

        return attachments;
    }

    private static List<string> ReadStickers(JsonElement data)
    {
        var stickers = new List<string>();
        if (data.TryGetProperty("sticker_items", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var sticker in list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                stickers.Add(String(sticker, "name") ?? "");
            }
        }

        return stickers;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static ulong? Snowflake(JsonElement element, string name) =>
        String(element, name) is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
