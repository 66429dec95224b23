using System.Text.RegularExpressions;
using FactorioIsr.Events;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>Binds one <c>servers.TAG</c> mapping: every key of the Python reference plus ours.</summary>
internal static partial class ServerConfigBinder
{
    private static readonly Dictionary<string, StartAt> StartAtChoices = new(StringComparer.Ordinal)
    {
        ["end"] = StartAt.End,
        ["beginning"] = StartAt.Beginning,
    };

    public static readonly Dictionary<string, MessageLook> Looks = new(StringComparer.Ordinal)
    {
        ["line"] = MessageLook.Line,
        ["embed"] = MessageLook.Embed,
    };

    [GeneratedRegex("^[a-z0-9-]{1,16}$", RegexOptions.CultureInvariant)]
    public static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RouteNamePattern();

    /// <summary>Binds one server. <paramref name="written"/> is the map key; the server's tag may be its normalized form.</summary>
    public static ServerConfig? Bind(string written, YamlNode tagNode, YamlNode node, YamlSource source, ConfigEnvironment environment)
    {
        var tag = written;
        if (!TagPattern().IsMatch(written))
        {
            if (ReferenceTag(written) is { } normalized)
            {
                source.Warning(tagNode, $"server tag '{written}' is used as '{normalized}': tags are 1-16 lowercase letters, digits or hyphens " +
                    "(they name the server in Discord commands and key its saved positions); rename it to silence this warning");
                tag = normalized;
            }
            else
            {
                source.Error(tagNode, $"server tag '{written}' must be 1-16 lowercase letters, digits or hyphens{SuggestTag(written)}: " +
                    "the tag names the server in Discord commands and keys its saved positions");
            }
        }

        if (node is not YamlMappingNode mapping)
        {
            source.Error(node, $"servers.{tag}: expected a mapping of settings, found {MappingReader.Describe(node)}");
            return null;
        }

        var r = new MappingReader(mapping, source, $"servers.{written}");
        var sources = BindSources(r);
        var rcon = BindRcon(r, written, environment);
        var channels = BindChannels(r);
        var monitoring = MonitoringBinder.Bind(r);
        r.Obsolete("rcon_breakdown_mode", "no longer supported (the Python reference ignores it too)");
        r.Obsolete("rcon_breakdown_interval", "no longer supported (the Python reference ignores it too)");
        r.Obsolete("collect_interval_seconds", "documented by the Python reference but never read; use stats_interval");
        r.Obsolete("alert_cooldown_seconds", "documented by the Python reference but never read; use alert_cooldown");
        r.Obsolete("discord", "a nested discord: block is not read (the Python reference ignored it too); use event_channel_id and the top-level discord: section");
        r.Obsolete("rcon", "a nested rcon: block is not read (the Python reference ignored it too); use rcon_host, rcon_port and rcon_password (with ${NAME} for a secret)");

        var server = new ServerConfig
        {
            Tag = tag,
            Name = r.String("name") ?? written,
            Description = r.String("description"),
            Enabled = r.Bool("enabled") ?? true,
            Sources = sources,
            StartAt = r.Choice("start_at", StartAtChoices) ?? StartAt.End,
            Rcon = rcon,
            AchievementSafe = r.Bool("achievement_safe") ?? false,
            EventChannelId = r.Snowflake("event_channel_id"),
            AlertChannelId = r.Snowflake("alert_channel_id"),
            StatusChannelId = r.Snowflake("status_channel_id"),
            ChatChannelId = r.Snowflake("chat_channel_id"),
            Channels = channels,
            WebhookUrl = WebhookUrl(r, "webhook_url"),
            Monitoring = monitoring,
            Look = r.Choice("look", Looks),
            ChatBridge = r.Bool("chat_bridge"),
        };
        r.ReportUnknown();
        if (server.ChatBridge == true && server.Rcon is null && r.KeyNode("chat_bridge") is { } bridgeKey)
        {
            source.Warning(bridgeKey, $"servers.{written}.chat_bridge: the server has no RCON, so Discord messages cannot reach its game; set rcon_password (and rcon_host/rcon_port) or remove chat_bridge");
        }

        if (server.Sources.Count == 0 && server.Rcon is null)
        {
            source.Error(tagNode, $"server '{written}' has no log source and no RCON: set log_path (or sources:) and/or rcon_password");
        }

        return server;
    }

    private static List<LogSourceConfig> BindSources(MappingReader r)
    {
        var sources = new List<LogSourceConfig>();
        AddShorthand(r, "log_path", LogSourceKind.Console, sources);
        AddShorthand(r, "current_log_path", LogSourceKind.Current, sources);
        AddShorthand(r, "mod_events_path", LogSourceKind.Mod, sources);

        if (r.Sequence("sources") is { } list)
        {
            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode entry)
                {
                    r.Source.Error(item, $"{r.Context}.sources: each entry is a mapping with kind and path, found {MappingReader.Describe(item)}");
                    continue;
                }

                var e = new MappingReader(entry, r.Source, $"{r.Context}.sources[]");
                var kind = e.Choice("kind", LogSourceKinds.ByName);
                var path = e.String("path");
                var rotated = e.String("rotated");
                if (!e.Has("kind"))
                {
                    r.Source.Error(item, $"{r.Context}.sources: entry needs kind (console, current or mod)");
                }

                if (!e.Has("path"))
                {
                    r.Source.Error(item, $"{r.Context}.sources: entry needs path");
                }

                e.ReportUnknown();
                if (kind is { } k && !string.IsNullOrWhiteSpace(path))
                {
                    Add(r, item, new LogSourceConfig(k, path, rotated), sources);
                }
            }
        }

        return sources;
    }

    private static void AddShorthand(MappingReader r, string key, LogSourceKind kind, List<LogSourceConfig> sources)
    {
        var path = r.String(key);
        if (path is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            r.Source.Error(r.ValueNode(key)!, $"{key}: must not be empty");
            return;
        }

        Add(r, r.ValueNode(key)!, new LogSourceConfig(kind, path, null), sources);
    }

    private static void Add(MappingReader r, YamlNode at, LogSourceConfig source, List<LogSourceConfig> sources)
    {
        var kind = FileKinds.Of(source.Path);
        if (kind != FileKind.Missing && !FileKinds.IsReadableFile(kind))
        {
            r.Source.CheckError(at, $"{r.Context}: log file {source.Path} is {FileKinds.Describe(kind)}; a log source must be a regular file (or a symbolic link to one); isr run retries it until it is one");
        }

        var full = Path.GetFullPath(source.Path);
        if (sources.Exists(s => string.Equals(Path.GetFullPath(s.Path), full, StringComparison.Ordinal)))
        {
            r.Source.Error(at, $"{r.Context}: log file {source.Path} is listed twice");
            return;
        }

        sources.Add(source);
    }

    private static RconConfig? BindRcon(MappingReader r, string tag, ConfigEnvironment environment)
    {
        var host = r.String("rcon_host");
        var port = r.Int("rcon_port", 1, 65535);
        var password = r.String("rcon_password");
        if (password is null && r.ValueNode("rcon_password") is YamlScalarNode { Value: { } raw } && SecretResolver.ContainsReference(raw))
        {
            return null; // The unresolved secret is already reported.
        }

        // The reference's fallback for an empty password: per-server secret file, then the shared one.
        if (string.IsNullOrEmpty(password) && (host is not null || port is not null || r.Has("rcon_password")
            || environment.ReadSecretFile("RCON_PASSWORD_" + tag.ToUpperInvariant()) is not null))
        {
            password = environment.ReadSecretFile("RCON_PASSWORD_" + tag.ToUpperInvariant())
                ?? environment.ReadSecretFile("RCON_PASSWORD");
            if (string.IsNullOrEmpty(password))
            {
                var at = r.KeyNode("rcon_password") ?? r.KeyNode("rcon_host") ?? r.KeyNode("rcon_port") ?? r.Node;
                r.Source.Error(at, $"{r.Context}: RCON is configured but rcon_password is empty; set it, mount /run/secrets/RCON_PASSWORD_{tag.ToUpperInvariant()}, or remove the rcon_* keys for a log-only server");
                return null;
            }
        }

        return string.IsNullOrEmpty(password)
            ? null
            : new RconConfig(host ?? ConfigDefaults.RconHost, port ?? ConfigDefaults.RconPort, new Secret(password));
    }

    private static Dictionary<string, RouteConfig> BindChannels(MappingReader r)
    {
        var routes = new Dictionary<string, RouteConfig>(StringComparer.Ordinal);
        if (r.Map("channels") is not { } channels)
        {
            return routes;
        }

        foreach (var name in channels.Keys.ToList())
        {
            var keyNode = channels.KeyNode(name)!;
            if (!RouteNamePattern().IsMatch(name))
            {
                r.Source.Error(keyNode, $"{r.Context}.channels: route name '{name}' may use letters, digits, '_', '.' and '-' (1-64)");
            }

            var value = channels.ValueNode(name);
            if (value is null)
            {
                r.Source.Error(keyNode, $"{r.Context}.channels.{name}: needs a channel id or a mapping with channel_id/webhook_url");
                continue;
            }

            if (value is YamlMappingNode)
            {
                var route = channels.Map(name)!;
                var config = new RouteConfig(name, route.Snowflake("channel_id"), WebhookUrl(route, "webhook_url"), route.Bool("allow_role_mentions") ?? false);
                route.ReportUnknown();
                if (config.ChannelId is null && config.WebhookUrl is null)
                {
                    r.Source.Error(value, $"{r.Context}.channels.{name}: needs channel_id or webhook_url");
                }

                routes[name] = config;
            }
            else if (channels.ReadSnowflake(value, name) is { } id)
            {
                routes[name] = new RouteConfig(name, id, null, false);
            }
        }

        return routes;
    }

    private static Secret? WebhookUrl(MappingReader r, string key)
    {
        var text = r.String(key);
        if (text is null)
        {
            return null;
        }

        if (!Configuration.WebhookUrl.TryParse(text, out _, out _))
        {
            // The URL carries the webhook token: never echo it.
            r.Source.Error(r.ValueNode(key)!, $"{key}: expected a webhook URL (https://discord.com/api/webhooks/ID/TOKEN)");
            return null;
        }

        return new Secret(text);
    }

    /// <summary>
    /// A tag the reference accepted (ASCII letters, digits, <c>_</c> and <c>-</c>, any case and length) as ours: lower
    /// case, <c>_</c> as <c>-</c>, cut to 16 characters. Null for a tag the reference refused too.
    /// </summary>
    private static string? ReferenceTag(string tag)
    {
        if (!tag.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).All(char.IsAsciiLetterOrDigit)
            || !tag.Any(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var normalized = tag.ToLowerInvariant().Replace('_', '-');
        return normalized.Length > 16 ? normalized[..16] : normalized;
    }

    private static string SuggestTag(string tag)
    {
        var fixedTag = new string([.. tag.ToLowerInvariant().Select(c => c is '_' or ' ' or '.' ? '-' : c).Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')]);
        if (fixedTag.Length > 16)
        {
            fixedTag = fixedTag[..16];
        }

        return fixedTag.Length > 0 && fixedTag != tag ? $" (try '{fixedTag}')" : string.Empty;
    }
}
