namespace FactorioIsr.FakeDiscord;

/// <summary>The routes the fake serves, with their OpenAPI path templates.</summary>
internal static class FakeRouteTable
{
    /// <summary>Literal templates first, so <c>@original</c> wins over <c>{message_id}</c>.</summary>
    private static readonly (string Method, string Template, bool Bot, bool GlobalLimited)[] Routes =
    [
        ("GET", "/applications/@me", true, true),
        ("GET", "/gateway/bot", true, true),
        ("GET", "/channels/{channel_id}", true, true),
        ("GET", "/guilds/{guild_id}/members/{user_id}", true, true),
        ("GET", "/webhooks/{webhook_id}/{webhook_token}", false, false),
        ("PUT", "/applications/{application_id}/commands", true, true),
        ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", true, true),
        ("POST", "/channels/{channel_id}/messages", true, true),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}", true, true),
        ("DELETE", "/channels/{channel_id}/messages/{message_id}", true, true),
        ("GET", "/guilds/{guild_id}/roles", true, true),
        ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", false, false),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, false),
        ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", false, false),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, false),
        ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", false, false),
        ("POST", "/webhooks/{webhook_id}/{webhook_token}", false, false),
    ];

    public static FakeRouteMatch? Match(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        foreach (var (m, template, bot, global) in Routes)
        {
            if (!string.Equals(m, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parts = template.Trim('/').Split('/');
            if (parts.Length != segments.Length)
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < parts.Length && ok; i++)
            {
                if (parts[i].StartsWith('{'))
                {
                    values[parts[i].Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    ok = parts[i] == segments[i];
                }
            }

            if (ok)
            {
                // @original shares the {message_id} bucket.
                var limitKey = $"{m} {template.Replace("@original", "{message_id}", StringComparison.Ordinal)}";
                return new FakeRouteMatch(m, template, limitKey, bot, global, values);
            }
        }

        return null;
    }
}

internal sealed record FakeRouteMatch(string Method, string Template, string LimitKey, bool Bot, bool GlobalLimited, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The top-level resource that splits buckets.</summary>
    public string Major =>
        Values.TryGetValue("channel_id", out var c) ? "channel:" + c
        : Values.TryGetValue("webhook_id", out var w) ? $"webhook:{w}:{Values["webhook_token"]}"
        : Values.TryGetValue("guild_id", out var g) ? "guild:" + g
        : Values.TryGetValue("interaction_id", out var i) ? "interaction:" + i
        : "global";

    public string Get(string name) => Values[name];
}
