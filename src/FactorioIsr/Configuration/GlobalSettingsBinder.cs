namespace FactorioIsr.Configuration;

/// <summary>Binds the top-level sections of servers.yml (after environment overrides were applied).</summary>
internal static class GlobalSettingsBinder
{
    private static readonly Dictionary<string, IsrLogLevel> LogLevels = new(StringComparer.Ordinal)
    {
        ["debug"] = IsrLogLevel.Debug,
        ["info"] = IsrLogLevel.Info,
        ["warning"] = IsrLogLevel.Warning,
        ["error"] = IsrLogLevel.Error,
        ["critical"] = IsrLogLevel.Critical,
    };

    private static readonly Dictionary<string, IsrLogFormat> LogFormats = new(StringComparer.Ordinal)
    {
        ["console"] = IsrLogFormat.Console,
        ["json"] = IsrLogFormat.Json,
    };

    public static GlobalSettings Bind(MappingReader root)
    {
        var defaults = GlobalSettings.Defaults;
        var discord = BindDiscord(root.Map("discord"));
        var state = root.String("state") ?? defaults.StatePath;
        if (StateLocation.IsPostgreSql(state) && root.ValueNode("state") is { } stateNode)
        {
            root.Source.Error(stateNode, "state: " + StateLocation.PostgreSqlRefused);
        }
        var patterns = root.String("patterns");

        var health = defaults.Health;
        if (root.Map("health") is { } h)
        {
            var host = h.String("host");
            if (host is not null && Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                h.Source.Error(h.ValueNode("host")!, $"health.host: '{host}' is not an IP address or host name (use 0.0.0.0 to listen on every interface)");
                host = null;
            }

            health = new HealthSettings(host ?? health.Host, h.Int("port", 1, 65535) ?? health.Port);
            h.ReportUnknown();
        }

        var log = defaults.Log;
        if (root.Map("log") is { } l)
        {
            log = new LogSettings(l.Choice("level", LogLevels) ?? log.Level, l.Choice("format", LogFormats) ?? log.Format);
            l.ReportUnknown();
        }

        var outputs = defaults.Outputs;
        if (root.Map("outputs") is { } o)
        {
            outputs = new OutputSettings(o.Bool("console") ?? false, o.String("jsonl"));
            o.ReportUnknown();
        }

        return new GlobalSettings(discord, state, patterns, health, log, outputs)
        {
            Tailing = BindTailing(root.Map("tailing")),
            Outbox = BindOutbox(root.Map("outbox")),
            ShutdownTimeoutSeconds = root.Int("shutdown_timeout_seconds", 1, 3600) ?? defaults.ShutdownTimeoutSeconds,
        };
    }

    private static TailingSettings BindTailing(MappingReader? t)
    {
        var defaults = TailingSettings.Defaults;
        if (t is null)
        {
            return defaults;
        }

        var settings = new TailingSettings(
            t.Int("poll_interval_ms", 10, 60_000) ?? defaults.PollIntervalMs,
            t.Bool("poll_only") ?? defaults.PollOnly,
            t.Int("rotate_wait_seconds", 0, 3600) ?? defaults.RotateWaitSeconds,
            t.Int("max_line_bytes", 1024, 16 * 1024 * 1024) ?? defaults.MaxLineBytes);
        t.ReportUnknown();
        return settings;
    }

    private static OutboxSettings BindOutbox(MappingReader? o)
    {
        var defaults = OutboxSettings.Defaults;
        if (o is null)
        {
            return defaults;
        }

        var settings = new OutboxSettings(
            o.Int("max_events", 1000, int.MaxValue) ?? defaults.MaxEvents,
            o.Int("max_megabytes", 1, 1024 * 1024) ?? defaults.MaxMegabytes);
        o.ReportUnknown();
        return settings;
    }

    private static DiscordSettings BindDiscord(MappingReader? d)
    {
        var defaults = DiscordSettings.Defaults;
        if (d is null)
        {
            return defaults;
        }

        var settings = new DiscordSettings(
            d.SecretValue("token"),
            d.Snowflake("application_id"),
            d.SnowflakeList("guild_ids"),
            Url(d, "api_base_url", "http", "https") ?? defaults.ApiBaseUrl,
            Url(d, "gateway_base_url", "ws", "wss") ?? defaults.GatewayBaseUrl,
            d.SnowflakeList("admin_role_ids"),
            d.SnowflakeList("moderator_role_ids"),
            d.String("mentions_path") ?? defaults.MentionsPath,
            d.String("webhook_avatar_template"))
        {
            AdminRoleNames = RoleNames(d, "admin_role_names"),
            ModeratorRoleNames = RoleNames(d, "moderator_role_names"),
            ChatBridge = d.Bool("chat_bridge") ?? defaults.ChatBridge,
            PublicKey = PublicKey(d),
        };
        d.ReportUnknown();
        return settings;
    }

    /// <summary><c>discord.public_key</c>: 64 hex characters that decode to an Ed25519 public key.</summary>
    private static string? PublicKey(MappingReader d)
    {
        var text = d.String("public_key")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Validated(d, text);
    }

    /// <summary>
    /// Apart, so a configuration without the key never loads the Ed25519 code (BouncyCastle): the JIT loads a
    /// callee's types only when it compiles the callee.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string? Validated(MappingReader d, string text)
    {
        if (Http.InteractionSignature.Problem(text) is { } problem)
        {
            d.Source.Error(d.ValueNode("public_key")!, "discord.public_key: " + problem
                + " (copy Public Key from the Developer Portal: your application > General Information)");
            return null;
        }

        return text.ToLowerInvariant();
    }

    private static List<string> RoleNames(MappingReader d, string key)
    {
        if (d.Sequence(key) is not { } list)
        {
            return [];
        }

        var names = new List<string>();
        foreach (var item in list.Children)
        {
            var name = d.ReadString(item, key)?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                d.Source.Error(item, $"{key}: a role name has 1 to 100 characters");
                continue;
            }

            names.Add(name);
        }

        return names;
    }

    public static Uri? Url(MappingReader reader, string key, params string[] schemes)
    {
        var text = reader.String(key);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return uri;
        }

        reader.Source.Error(reader.ValueNode(key)!, $"{key}: expected an absolute {string.Join(" or ", schemes)} URL");
        return null;
    }
}
