using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Discord.Rest;

/// <summary>Domain message → wire model. The only place that knows both.</summary>
internal static class DiscordWireMapper
{
    public static JsonAllowedMentions ToWire(AllowedMentions mentions)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        // parse is always present and empty: listing ids in "roles"/"users" is how a ping is allowed
        // (parse "roles" together with a roles list is a validation error on Discord's side).
        return new JsonAllowedMentions
        {
            Parse = [],
            Roles = mentions.RoleIds.Count > 0 ? mentions.RoleIds : null,
            Users = mentions.UserIds.Count > 0 ? mentions.UserIds : null,
        };
    }

    public static IReadOnlyList<JsonEmbed>? ToWire(IReadOnlyList<DiscordEmbed> embeds) =>
        embeds.Count == 0 ? null : embeds.Select(ToWire).ToList();

    private static JsonEmbed ToWire(DiscordEmbed embed) => new()
    {
        Title = embed.Title,
        Description = embed.Description,
        Url = embed.Url,
        Color = embed.Color,
        Timestamp = embed.Timestamp,
        Footer = embed.Footer is null ? null : new JsonEmbedFooter { Text = embed.Footer },
        Author = embed.Author is null ? null : new JsonEmbedAuthor { Name = embed.Author },
        Image = embed.ImageUrl is null ? null : new JsonEmbedImage { Url = embed.ImageUrl },
        Fields = embed.Fields.Count == 0
            ? null
            : embed.Fields.Select(f => new JsonEmbedField { Name = f.Name, Value = f.Value, Inline = f.Inline ? true : null }).ToList(),
    };

    public static JsonMessageCreate ToCreate(DiscordMessage message, string? nonce) => new()
    {
        Content = string.IsNullOrEmpty(message.Content) ? null : message.Content,
        Embeds = ToWire(message.Embeds),
        AllowedMentions = ToWire(message.Mentions),
        Nonce = nonce,
        EnforceNonce = nonce is null ? null : true,
    };

    public static JsonMessageEdit ToEdit(DiscordMessage message) => new()
    {
        Content = message.Content,
        Embeds = ToWire(message.Embeds),
        AllowedMentions = ToWire(message.Mentions),
    };

    public static JsonWebhookExecute ToWebhook(DiscordMessage message, string? username, string? avatarUrl, int? flags) => new()
    {
        Content = string.IsNullOrEmpty(message.Content) ? null : message.Content,
        Username = username,
        AvatarUrl = avatarUrl,
        Embeds = ToWire(message.Embeds),
        AllowedMentions = ToWire(message.Mentions),
        Flags = flags,
    };

    public static DiscordMessageRef FromWire(JsonMessage? message) =>
        message is null ? new DiscordMessageRef("", "") : new DiscordMessageRef(message.Id, message.ChannelId);
}
