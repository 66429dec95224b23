namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>A bot channel destination.</summary>
/// <param name="ChannelId">The channel snowflake.</param>
/// <param name="AllowRoleMentions">Resolve mentions.yml aliases into pings on this route; otherwise nothing pings.</param>
internal sealed record DiscordChannelSettings(string ChannelId, bool AllowRoleMentions = false)
{
    /// <summary>The outbox key, as the relay's router makes it.</summary>
    public string Destination => "discord:channel:" + ChannelId;
}

/// <summary>A webhook destination (per server or per route).</summary>
/// <param name="Name">The destination key (the relay's router makes <c>webhook:&lt;webhook id&gt;</c>).</param>
/// <param name="WebhookId">From the webhook URL.</param>
/// <param name="Token">From the webhook URL.</param>
/// <param name="AllowRoleMentions">Resolve mentions.yml aliases into pings on this route.</param>
/// <param name="AvatarTemplate">Chat author avatar URL with <c>{player}</c> (URL-encoded name) and/or <c>{hash}</c> (SHA-256 hex of the lower-cased name); null = a deterministic identicon.</param>
/// <param name="Username">Author name for non-chat events; null = the webhook's own name.</param>
internal sealed record DiscordWebhookSettings(
    string Name, string WebhookId, string Token, bool AllowRoleMentions = false, string? AvatarTemplate = null, string? Username = null)
{
    /// <summary>Gravatar's identicon: deterministic per hash, needs no account.</summary>
    public const string IdenticonTemplate = "https://gravatar.com/avatar/{hash}?d=identicon&s=128";

    public string Destination => Name;

    /// <summary>Parses <c>https://discord.com/api/webhooks/{id}/{token}</c> (any host, for tests and proxies).</summary>
    public static bool TryParseUrl(string url, out string webhookId, out string token) => Configuration.WebhookUrl.TryParse(url, out webhookId, out token);
}
