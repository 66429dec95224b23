namespace FactorioIsr.Discord.Rest;

/// <summary>
/// One REST call's identity for rate limiting: the route template (<c>POST /channels/{channel_id}/messages</c>),
/// the concrete path, and the major parameter (channel, guild, webhook id + token, interaction) that splits a
/// bucket into independent limits.
/// </summary>
internal sealed record DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool Authenticated, bool GlobalLimited)
{
    /// <summary>Key of the route before its bucket hash is known: method + template.</summary>
    public string RouteKey => $"{Method.Method} {Template}";

    public static DiscordRoute Channel(HttpMethod method, string template, string path, string channelId) =>
        new(method, template, path, "channel:" + channelId, Authenticated: true, GlobalLimited: true);

    public static DiscordRoute Guild(HttpMethod method, string template, string path, string guildId) =>
        new(method, template, path, "guild:" + guildId, Authenticated: true, GlobalLimited: true);

    /// <summary>A bot route without a major parameter (e.g. <c>/gateway/bot</c>, <c>/applications/@me</c>).</summary>
    public static DiscordRoute Bot(HttpMethod method, string template, string path) =>
        new(method, template, path, "global", Authenticated: true, GlobalLimited: true);

    /// <summary>
    /// A webhook-token route (webhooks and interaction followups): no Authorization header and not counted
    /// against the bot's global limit; the token is part of the major parameter.
    /// </summary>
    public static DiscordRoute Webhook(HttpMethod method, string template, string path, string webhookId, string token) =>
        new(method, template, path, $"webhook:{webhookId}:{TokenTag(token)}", Authenticated: false, GlobalLimited: false);

    /// <summary>Interaction callbacks are exempt from the global limit and need no Authorization.</summary>
    public static DiscordRoute Interaction(HttpMethod method, string template, string path, string interactionId) =>
        new(method, template, path, "interaction:" + interactionId, Authenticated: false, GlobalLimited: false);

    // Keep tokens out of keys that may be logged: a short stable hash is enough to tell them apart.
    private static string TokenTag(string token) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)), 0, 6);
}
