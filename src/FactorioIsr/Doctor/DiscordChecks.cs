using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;

namespace FactorioIsr.Doctor;

/// <summary>
/// The Discord side of <c>isr doctor</c>: the bot token (<c>GET /applications/@me</c>), the application's Message
/// Content intent (its <c>flags</c>, needed only when the chat bridge is on), <c>discord.public_key</c> against the
/// application's <c>verify_key</c> when it is set, each channel the relay posts to as the bot
/// (<c>GET /channels/{id}</c>, then the bot's permissions there computed from the guild's roles, the bot's member
/// and the channel's overwrites: View Channel, Send Messages, Embed Links, Attach Files), and each webhook
/// (<c>GET /webhooks/{id}/{token}</c>: not deleted). Plain GETs with the bot's User-Agent; never prints a token.
/// </summary>
internal static class DiscordChecks
{
    /// <summary>GATEWAY_MESSAGE_CONTENT and GATEWAY_MESSAGE_CONTENT_LIMITED of the application's flags.</summary>
    private const ulong MessageContentFlags = (1UL << 18) | (1UL << 19);

    /// <summary>
    /// Whether the configuration turns on a feature that reads message text from the gateway: the chat bridge is the
    /// only one (docs/architecture.md, "The Discord gateway seam"), on when at least one server takes part in it.
    /// </summary>
    public static bool MessageContentNeeded(RelaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ChatBridge.ChatBridgeTargets.For(settings.Configuration).Any;
    }

    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(RelaySettings settings, bool needsMessageContent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var discord = settings.Configuration.Settings.Discord;
        var token = discord.Token is { IsEmpty: false } t ? t.Reveal() : null;
        var findings = new List<DoctorFinding>();
        using var http = new HttpClient { Timeout = timeout };
        var api = new Uri(discord.ApiBaseUrl.ToString().TrimEnd('/') + "/");
        var (channels, webhooks) = Targets(settings.Configuration);
        if (token is not null && await TokenAndIntentsAsync(http, api, token, needsMessageContent, discord.PublicKey, findings, cancellationToken).ConfigureAwait(false) is { } botId)
        {
            var guilds = new Dictionary<string, GuildView?>(StringComparer.Ordinal);
            foreach (var (channel, servers) in channels)
            {
                findings.Add(await ChannelAsync(http, api, token, botId, channel, servers, guilds, cancellationToken).ConfigureAwait(false));
            }
        }

        foreach (var (id, (hookToken, servers)) in webhooks)
        {
            findings.Add(await WebhookAsync(http, api, id, hookToken, servers, cancellationToken).ConfigureAwait(false));
        }

        return findings;
    }

    /// <summary>Bot channels (by id) and webhooks (by id) of the enabled servers' routes, with the servers that use each.</summary>
    private static (SortedDictionary<ulong, string> Channels, SortedDictionary<string, (string Token, string Servers)> Webhooks) Targets(IsrConfiguration configuration)
    {
        var channels = new SortedDictionary<ulong, SortedSet<string>>();
        var webhooks = new SortedDictionary<string, (string Token, SortedSet<string> Servers)>(StringComparer.Ordinal);
        foreach (var server in configuration.Servers.Where(s => s.Enabled))
        {
            var routes = server.Channels.Keys.Concat([RouteNames.Events, RouteNames.Chat, RouteNames.Alerts, RouteNames.Status]).Distinct(StringComparer.Ordinal);
            foreach (var target in routes.Select(server.ResolveRoute))
            {
                if (target.ChannelId is { } channel)
                {
                    (channels.TryGetValue(channel, out var set) ? set : channels[channel] = new SortedSet<string>(StringComparer.Ordinal)).Add(server.Tag);
                }

                if (target.WebhookUrl is { IsEmpty: false } url && WebhookUrl.TryParse(url.Reveal(), out var id, out var hookToken))
                {
                    (webhooks.TryGetValue(id, out var known) ? known : webhooks[id] = (hookToken, new SortedSet<string>(StringComparer.Ordinal))).Servers.Add(server.Tag);
                }
            }
        }

        return (
            new SortedDictionary<ulong, string>(channels.ToDictionary(c => c.Key, c => string.Join(", ", c.Value))),
            new SortedDictionary<string, (string, string)>(webhooks.ToDictionary(w => w.Key, w => (w.Value.Token, string.Join(", ", w.Value.Servers))), StringComparer.Ordinal));
    }

    /// <summary>The token and intents findings; the bot's user id when the token is accepted, else null (nothing else can be checked).</summary>
    private static async Task<string?> TokenAndIntentsAsync(HttpClient http, Uri api, string token, bool needsMessageContent, string? publicKey, List<DoctorFinding> findings,
        CancellationToken cancellationToken)
    {
        var answer = await GetAsync(http, api, "applications/@me", token, cancellationToken).ConfigureAwait(false);
        using var body = answer.Body;
        if (answer.Error is { } error)
        {
            findings.Add(new DoctorFinding("discord token", api.Host, false, "Discord is not reachable: " + error, "check outbound HTTPS from isr (proxy, DNS, firewall)"));
            return null;
        }

        if (answer.Status == 401)
        {
            findings.Add(new DoctorFinding("discord token", api.Host, false, "Discord rejected the bot token (401)", "copy the bot token again from the Developer Portal (Bot > Reset Token) into DISCORD_BOT_TOKEN or discord.token"));
            return null;
        }

        if (answer.Status is < 200 or >= 300 || body is null)
        {
            findings.Add(new DoctorFinding("discord token", api.Host, false, $"Discord answered {answer.Status}", "try again later; check discord.api_base_url"));
            return null;
        }

        findings.Add(new DoctorFinding("discord token", api.Host, true, "the bot token is accepted"));
        var root = body.RootElement;
        var flags = root.TryGetProperty("flags", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetUInt64(out var value) ? value : 0;
        var enabled = (flags & MessageContentFlags) != 0;
        findings.Add((enabled, needsMessageContent) switch
        {
            (true, _) => new DoctorFinding("intents", "Message Content", true,
                needsMessageContent ? "enabled (the chat bridge reads message text)" : "enabled (not needed: the chat bridge is off)"),
            (false, true) => new DoctorFinding("intents", "Message Content", false,
                "the chat bridge is on, but the application does not have the Message Content intent: Discord would send it messages without their text",
                "Developer Portal > your application > Bot > Privileged Gateway Intents: turn on Message Content Intent (a bot in 100 or more servers needs Discord's approval)"),
            (false, false) => new DoctorFinding("intents", "Message Content", true, "off (not needed: the chat bridge is off)"),
        });
        if (publicKey is not null)
        {
            findings.Add(PublicKey(publicKey, root.TryGetProperty("verify_key", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null));
        }

        return root.TryGetProperty("bot", out var bot) && bot.TryGetProperty("id", out var botId) && botId.GetString() is { Length: > 0 } id
            ? id
            : root.TryGetProperty("id", out var appId) ? appId.GetString() : null;
    }

    /// <summary>
    /// <c>discord.public_key</c> (its format is checked by the configuration loader) against the application's own key
    /// (<c>verify_key</c> of <c>GET /applications/@me</c>): another application's key would refuse every interaction.
    /// </summary>
    private static DoctorFinding PublicKey(string configured, string? application) => application switch
    {
        null => new DoctorFinding("interactions", "discord.public_key", true, "set (POST /interactions is on); Discord did not show the application's key to compare", Warning: true),
        _ when string.Equals(application, configured, StringComparison.OrdinalIgnoreCase) =>
            new DoctorFinding("interactions", "discord.public_key", true, "the application's public key: POST /interactions is on"),
        _ => new DoctorFinding("interactions", "discord.public_key", false,
            "is not this application's public key: Discord's signatures would not verify, and every interaction sent to POST /interactions would be refused (401)",
            "copy Public Key from the Developer Portal (your application > General Information) into discord.public_key or DISCORD_PUBLIC_KEY"),
    };

    private static async Task<DoctorFinding> ChannelAsync(
        HttpClient http, Uri api, string token, string? botId, ulong channel, string servers, Dictionary<string, GuildView?> guilds, CancellationToken cancellationToken)
    {
        var id = channel.ToString(CultureInfo.InvariantCulture);
        var subject = $"{id} ({servers})";
        const string Invite = "invite the bot to the server (Developer Portal > OAuth2 > URL Generator, scope bot), then allow its role View Channel, Send Messages, Embed Links and Attach Files in the channel (Edit Channel > Permissions)";
        var answer = await GetAsync(http, api, $"channels/{id}", token, cancellationToken).ConfigureAwait(false);
        using var body = answer.Body;
        switch (answer.Status)
        {
            case 0:
                return new DoctorFinding("channel", subject, false, "Discord is not reachable: " + answer.Error, "check outbound HTTPS from isr (proxy, DNS, firewall)");
            case 404:
                return new DoctorFinding("channel", subject, false, "unknown channel: deleted, or not a channel id",
                    "copy the id again: Discord settings > Advanced > Developer Mode, then right-click the channel > Copy Channel ID");
            case 401 or 403:
                return new DoctorFinding("channel", subject, false, "the bot cannot see this channel (Discord answered 403 Missing Access)", Invite);
            case < 200 or >= 300:
                return new DoctorFinding("channel", subject, false, $"Discord answered {answer.Status}", "try again later");
        }

        var root = body!.RootElement;
        if (!root.TryGetProperty("guild_id", out var g) || g.GetString() is not { Length: > 0 } guildId || botId is null)
        {
            return new DoctorFinding("channel", subject, true, "visible");
        }

        if (!guilds.TryGetValue(guildId, out var guild))
        {
            guild = guilds[guildId] = await GuildAsync(http, api, token, guildId, botId, cancellationToken).ConfigureAwait(false);
        }

        if (guild is { NotMember: true })
        {
            return new DoctorFinding("channel", subject, false, "the bot is not a member of the channel's server", Invite);
        }

        if (guild is not { Roles: { } roles, MemberRoles: { } memberRoles })
        {
            return new DoctorFinding("channel", subject, true, $"visible; the bot's permissions could not be read ({guild?.Problem ?? "no answer"})",
                "if posts fail with 50013 Missing Permissions, allow Send Messages and Embed Links for the bot's role in this channel", Warning: true);
        }

        var overwrites = new List<(string, int, ulong, ulong)>();
        if (root.TryGetProperty("permission_overwrites", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var o in list.EnumerateArray())
            {
                overwrites.Add((o.GetProperty("id").GetString()!, o.GetProperty("type").GetInt32(), Bits(o, "allow"), Bits(o, "deny")));
            }
        }

        var missing = ChannelPermissions.Missing(ChannelPermissions.Compute(guildId, roles, botId, memberRoles, overwrites));
        var required = missing.Where(m => m != "Attach Files").ToList();
        if (required.Count > 0)
        {
            return new DoctorFinding("channel", subject, false, $"the bot lacks {string.Join(", ", missing)} in this channel",
                $"Edit Channel > Permissions: allow {string.Join(", ", missing)} for the bot's role (or remove the deny of a role it has, or of @everyone)");
        }

        return missing.Count > 0
            ? new DoctorFinding("channel", subject, true, "the bot can post; Attach Files is not allowed", "allow Attach Files for the bot's role in this channel if posts should carry files", Warning: true)
            : new DoctorFinding("channel", subject, true, "visible; the bot may view, send, embed links and attach files");
    }

    private static async Task<GuildView> GuildAsync(HttpClient http, Uri api, string token, string guildId, string botId, CancellationToken cancellationToken)
    {
        var member = await GetAsync(http, api, $"guilds/{guildId}/members/{botId}", token, cancellationToken).ConfigureAwait(false);
        using var memberBody = member.Body;
        if (member.Status == 404)
        {
            return new GuildView(null, null, NotMember: true, null);
        }

        if (member.Status is < 200 or >= 300 || memberBody is null)
        {
            return new GuildView(null, null, false, $"GET member answered {member.Status}");
        }

        var roles = await GetAsync(http, api, $"guilds/{guildId}/roles", token, cancellationToken).ConfigureAwait(false);
        using var rolesBody = roles.Body;
        if (roles.Status is < 200 or >= 300 || rolesBody is null)
        {
            return new GuildView(null, null, false, $"GET roles answered {roles.Status}");
        }

        var permissions = rolesBody.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => Bits(r, "permissions"), StringComparer.Ordinal);
        var memberRoles = memberBody.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        return new GuildView(permissions, memberRoles, false, null);
    }

    private static async Task<DoctorFinding> WebhookAsync(HttpClient http, Uri api, string id, string token, string servers, CancellationToken cancellationToken)
    {
        var subject = $"{id} ({servers})";
        var answer = await GetAsync(http, api, $"webhooks/{id}/{token}", null, cancellationToken).ConfigureAwait(false);
        answer.Body?.Dispose();
        return answer.Status switch
        {
            0 => new DoctorFinding("webhook", subject, false, "Discord is not reachable: " + answer.Error, "check outbound HTTPS from isr (proxy, DNS, firewall)"),
            >= 200 and < 300 => new DoctorFinding("webhook", subject, true, "reachable"),
            404 => new DoctorFinding("webhook", subject, false, "the webhook was deleted (Discord answered 404 Unknown Webhook)",
                "create a webhook again (Edit Channel > Integrations > Webhooks > New Webhook) and put its URL in webhook_url"),
            401 or 403 => new DoctorFinding("webhook", subject, false, $"Discord refused the webhook's token ({answer.Status})", "copy the webhook URL again from Edit Channel > Integrations > Webhooks"),
            _ => new DoctorFinding("webhook", subject, false, $"Discord answered {answer.Status}", "try again later"),
        };
    }

    /// <summary>One GET: the status (0 when nothing came back), the JSON body, or the transport error.</summary>
    private static async Task<(int Status, JsonDocument? Body, string? Error)> GetAsync(HttpClient http, Uri api, string path, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        var rest = new FactorioIsr.Discord.Rest.DiscordRestOptions();
        request.Headers.TryAddWithoutValidation("User-Agent", $"DiscordBot ({rest.UserAgentUrl}, {rest.Version})");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonDocument? body = null;
            try
            {
                body = text.Length > 0 ? JsonDocument.Parse(text) : null;
            }
            catch (JsonException)
            {
            }

            return ((int)response.StatusCode, body, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, null, e.Message);
        }
    }

    private static ulong Bits(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && ulong.TryParse(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : 0;

    private sealed record GuildView(IReadOnlyDictionary<string, ulong>? Roles, IReadOnlyCollection<string>? MemberRoles, bool NotMember, string? Problem);
}
