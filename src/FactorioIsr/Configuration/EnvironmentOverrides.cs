using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>
/// Environment variables that override global settings. <c>ISR_&lt;SECTION&gt;_&lt;KEY&gt;</c> in upper snake case
/// overrides any global setting; the Python reference's names (<c>DISCORD_BOT_TOKEN</c>, <c>LOG_LEVEL</c>, ...) work too,
/// with its secret files. Precedence, lowest first: servers.yml, reference variable, reference secret file (as the
/// reference's <c>get_config_value</c>: <c>/run/secrets/NAME</c> before <c>$NAME</c>), <c>ISR_*</c>.
/// </summary>
internal static class EnvironmentOverrides
{
    /// <summary>Every overridable global setting (docs/configuration.md lists the same).</summary>
    public static IReadOnlyList<SettingKey> Settings { get; } =
    [
        new("discord", "token"),
        new("discord", "application_id"),
        new("discord", "guild_ids", IsList: true),
        new("discord", "api_base_url"),
        new("discord", "gateway_base_url"),
        new("discord", "admin_role_ids", IsList: true),
        new("discord", "moderator_role_ids", IsList: true),
        new("discord", "admin_role_names", IsList: true),
        new("discord", "moderator_role_names", IsList: true),
        new("discord", "mentions_path"),
        new("discord", "webhook_avatar_template"),
        new("discord", "chat_bridge"),
        new("discord", "public_key"),
        new(null, "state"),
        new(null, "patterns"),
        new(null, "shutdown_timeout_seconds"),
        new("health", "host"),
        new("health", "port"),
        new("log", "level"),
        new("log", "format"),
        new("outputs", "console"),
        new("outputs", "jsonl"),
        new("tailing", "poll_interval_ms"),
        new("tailing", "poll_only"),
        new("tailing", "rotate_wait_seconds"),
        new("tailing", "max_line_bytes"),
        new("outbox", "max_events"),
        new("outbox", "max_megabytes"),
    ];

    /// <summary>
    /// The reference system's variables: (variable, secret file names it also read, setting); and
    /// <c>DISCORD_PUBLIC_KEY</c>, which the reference did not have, read the same way as <c>DISCORD_BOT_TOKEN</c>.
    /// </summary>
    internal static readonly (string Variable, string[] SecretFiles, SettingKey Setting)[] Legacy =
    [
        ("DISCORD_BOT_TOKEN", ["DISCORD_BOT_TOKEN", "discord_bot_token"], new("discord", "token")),
        ("DISCORD_PUBLIC_KEY", ["DISCORD_PUBLIC_KEY", "discord_public_key"], new("discord", "public_key")),
        ("LOG_LEVEL", ["log_level"], new("log", "level")),
        ("LOG_FORMAT", ["log_format"], new("log", "format")),
        ("HEALTH_CHECK_HOST", ["health_check_host"], new("health", "host")),
        ("HEALTH_CHECK_PORT", ["health_check_port"], new("health", "port")),
    ];

    /// <summary>The reference's variables that ISR reads but does not use: each is a warning when set.</summary>
    internal static readonly (string Variable, string Why)[] Ignored =
    [
        ("FACTORIO_ISR_BANLIST_DIR", "ISR keeps no ban list file (the reference's security monitor wrote server-banlist.json there); bans stay in Factorio's own banlist"),
    ];

    public static void Apply(YamlMappingNode root, ConfigEnvironment environment, YamlSource source)
    {
        foreach (var (variable, secretFiles, setting) in Legacy)
        {
            // The reference's get_config_value: the secret file wins over the variable.
            var fromFile = secretFiles.Select(file => (File: file, Value: environment.ReadSecretFile(file))).FirstOrDefault(f => f.Value is not null);
            if (fromFile.Value is not null)
            {
                Set(root, setting, fromFile.Value, "/run/secrets/" + fromFile.File, source);
                continue;
            }

            var value = environment.Get(variable);
            if (!string.IsNullOrEmpty(value))
            {
                Set(root, setting, value, variable, source);
            }
        }

        foreach (var (variable, why) in Ignored)
        {
            if (!string.IsNullOrEmpty(environment.Get(variable)))
            {
                source.Diagnostics.AddRange([new Diagnostic("$" + variable, 1, 1, DiagnosticSeverity.Warning, $"{variable} is ignored: {why}")]);
            }
        }

        foreach (var setting in Settings)
        {
            var value = environment.Get(setting.EnvironmentVariable);
            if (value is not null)
            {
                Set(root, setting, value, setting.EnvironmentVariable, source);
            }
        }
    }

    private static void Set(YamlMappingNode root, SettingKey setting, string value, string origin, YamlSource source)
    {
        var target = root;
        if (setting.Section is not null)
        {
            var sectionKey = new YamlScalarNode(setting.Section);
            if (!root.Children.TryGetValue(sectionKey, out var section) || MappingReader.IsNull(section))
            {
                section = new YamlMappingNode();
                root.Children[sectionKey] = section;
            }

            if (section is not YamlMappingNode mapping)
            {
                return; // The binder reports the malformed section itself.
            }

            target = mapping;
        }

        YamlNode node = setting.IsList
            ? new YamlSequenceNode(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(item => (YamlNode)new YamlScalarNode(item)))
            : new YamlScalarNode(value);
        source.MarkFromEnvironment(node, origin);
        if (node is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                source.MarkFromEnvironment(item, origin);
            }
        }

        target.Children[new YamlScalarNode(setting.Key)] = node;
    }
}

/// <summary>A global setting: section (null for top-level keys) and key, as written in servers.yml.</summary>
internal sealed record SettingKey(string? Section, string Key, bool IsList = false)
{
    public string EnvironmentVariable =>
        "ISR_" + (Section is null ? string.Empty : Section.ToUpperInvariant() + "_") + Key.ToUpperInvariant();

    public string Path => Section is null ? Key : $"{Section}.{Key}";
}
