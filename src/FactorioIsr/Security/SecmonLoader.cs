using FactorioIsr.Configuration;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Security;

/// <summary>
/// Loads secmon.yml from beside servers.yml, validated like servers.yml: every problem located (<c>file:line:col</c>),
/// unknown keys with a "did you mean", secrets resolved. A missing file is not an error: the monitor is off.
/// </summary>
internal static class SecmonLoader
{
    private static readonly Dictionary<string, SecuritySeverity> Severities = new(StringComparer.Ordinal)
    {
        ["low"] = SecuritySeverity.Low,
        ["medium"] = SecuritySeverity.Medium,
        ["high"] = SecuritySeverity.High,
        ["critical"] = SecuritySeverity.Critical,
    };

    private static readonly Dictionary<string, SecurityActionKind> Actions = new(StringComparer.Ordinal)
    {
        ["alert"] = SecurityActionKind.Alert,
        ["mute"] = SecurityActionKind.Mute,
        ["kick"] = SecurityActionKind.Kick,
        ["ban"] = SecurityActionKind.Ban,
    };

    /// <summary>secmon.yml in the directory of <paramref name="serversYml"/>.</summary>
    public static string PathBeside(string serversYml) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(serversYml)) ?? ".", SecmonConfig.FileName);

    /// <summary>The configuration, or null when it has errors (in <paramref name="diagnostics"/>).</summary>
    public static SecmonConfig? Load(string path, ConfigEnvironment environment, List<Diagnostic> diagnostics)
    {
        if (FileKinds.Of(path) == FileKind.Missing)
        {
            return SecmonConfig.Off;
        }

        var found = new Diagnostics();
        var source = new YamlSource(path, found, new SecretResolver(environment));
        var config = Read(path, source);
        diagnostics.AddRange(found.Sorted().Select(d => d with { Message = source.Redactor.Redact(d.Message) }));
        return found.HasErrors ? null : config;
    }

    private static SecmonConfig? Read(string path, YamlSource source)
    {
        if (FileKinds.Of(path) == FileKind.Directory)
        {
            source.Diagnostics.Error(path, 1, 1, "is a directory, not secmon.yml; remove it or put the file there");
            return null;
        }

        var stream = YamlDocuments.Parse(path, ConfigDefaults.MaxConfigFileBytes, source.Diagnostics);
        if (stream is null)
        {
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            source.Diagnostics.Error(path, 1, 1, "expected a mapping with a top-level 'security:' key (see docs/security.md)");
            return null;
        }

        var top = new MappingReader(root, source, "secmon.yml");
        foreach (var extension in top.Keys.Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList())
        {
            top.Has(extension);
        }

        var security = top.Map("security");
        if (security is null)
        {
            if (!top.Has("security"))
            {
                source.Error(top.KeyNode("security") ?? root, "secmon.yml needs a top-level 'security:' mapping (see docs/security.md)");
            }

            top.ReportUnknown();
            return null;
        }

        top.ReportUnknown();
        var config = new SecmonConfig { SourcePath = path, Enabled = security.Bool("enabled") ?? true };
        config = config with
        {
            AlertChannel = AlertChannel(security),
            Route = RouteName(security) ?? config.Route,
            TrustedPlayers = Trusted(security),
            Patterns = ReadPatterns(security),
            RateLimits = ReadRateLimits(security),
            ActionLimit = ReadActionLimit(security) ?? config.ActionLimit,
            MaxLineAge = security.Int("max_line_age_seconds", 0, 365 * 86400) is { } age ? TimeSpan.FromSeconds(age) : config.MaxLineAge,
        };
        security.ReportUnknown();
        return config;
    }

    private static string? AlertChannel(MappingReader security)
    {
        var node = security.ValueNode("alert_channel");
        if (node is null)
        {
            return null;
        }

        var text = security.ReadString(node, "alert_channel")?.Trim().TrimStart('#');
        if (text is { Length: 0 })
        {
            security.Source.Error(node, "alert_channel: empty; give a channel id or the name of a route in servers.yml's channels:");
            return null;
        }

        return text;
    }

    private static string? RouteName(MappingReader security)
    {
        var node = security.ValueNode("route");
        if (node is null)
        {
            return null;
        }

        var text = security.ReadString(node, "route")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            security.Source.Error(node, "route: empty; give a route name of servers.yml's channels: (default 'security')");
            return null;
        }

        if (text is Configuration.RouteNames.Events or Configuration.RouteNames.Chat or Configuration.RouteNames.Status)
        {
            security.Source.Error(node, $"route: '{text}' is a public route; security alerts need a private one (default 'security')");
            return null;
        }

        return text;
    }

    private static HashSet<string> Trusted(MappingReader security)
    {
        var trusted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (security.Sequence("trusted_players") is not { } list)
        {
            return trusted;
        }

        foreach (var item in list.Children)
        {
            var name = security.ReadString(item, "trusted_players")?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                security.Source.Error(item, "trusted_players: each entry is a player name");
                continue;
            }

            if (!trusted.Add(name))
            {
                security.Source.Warning(item, $"trusted_players: '{name}' is listed twice");
            }
        }

        return trusted;
    }

    private static Dictionary<string, SecurityRuleConfig> ReadPatterns(MappingReader security)
    {
        var rules = SecmonConfig.DefaultPatterns();
        if (security.Map("patterns") is not { } patterns)
        {
            return rules;
        }

        foreach (var name in rules.Keys.ToList())
        {
            if (patterns.Map(name) is not { } entry)
            {
                continue;
            }

            var defaults = rules[name];
            var action = ReadAction(entry, name, allowAutoBan: true) ?? defaults.Action;
            rules[name] = new SecurityRuleConfig(
                entry.Bool("enabled") ?? defaults.Enabled,
                entry.Choice("severity", Severities) ?? defaults.Severity,
                action);
            entry.ReportUnknown();
        }

        patterns.ReportUnknown();
        return rules;
    }

    private static Dictionary<string, RateLimitConfig> ReadRateLimits(MappingReader security)
    {
        var limits = SecmonConfig.DefaultRateLimits();
        if (security.Map("rate_limits") is not { } section)
        {
            return limits;
        }

        foreach (var name in limits.Keys.ToList())
        {
            if (section.Map(name) is not { } entry)
            {
                continue;
            }

            var defaults = limits[name];
            limits[name] = new RateLimitConfig(
                entry.Bool("enabled") ?? defaults.Enabled,
                entry.Int("max_events", 1, 100_000) ?? defaults.MaxEvents,
                entry.Int("time_window_seconds", 1, 86400) is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.Window,
                entry.Choice("severity", Severities) ?? defaults.Severity,
                ReadAction(entry, name, allowAutoBan: false) ?? defaults.Action);
            entry.ReportUnknown();
        }

        section.ReportUnknown();
        return limits;
    }

    /// <summary><c>action</c> and <c>duration</c>; the reference's <c>auto_ban: true</c> is <c>action: ban</c>.</summary>
    private static SecurityAction? ReadAction(MappingReader entry, string rule, bool allowAutoBan)
    {
        var kind = entry.Choice("action", Actions);
        if (allowAutoBan && entry.Bool("auto_ban") is { } autoBan)
        {
            if (autoBan && kind is { } other && other != SecurityActionKind.Ban)
            {
                entry.Source.Error(entry.ValueNode("auto_ban")!, $"{rule}: auto_ban: true means action: ban, but action: {other.ToString().ToLowerInvariant()} is set; remove one of them");
            }
            else if (autoBan)
            {
                kind = SecurityActionKind.Ban;
            }
        }

        TimeSpan? duration = null;
        if (entry.ValueNode("duration") is { } node)
        {
            var text = entry.ReadString(node, "duration");
            if (text is not null)
            {
                if (SecurityDurations.TryParse(text, out var parsed))
                {
                    duration = parsed;
                }
                else
                {
                    entry.Source.Error(node, $"duration: '{text}' is not a duration like 90s, 10m, 24h, 7d or 1h30m (at most 10 years)");
                }
            }

            if (duration is not null && kind is not (SecurityActionKind.Mute or SecurityActionKind.Ban))
            {
                entry.Source.Error(node, $"duration: only a mute or a ban can be temporary, and {rule}'s action is {(kind ?? SecurityActionKind.Alert).ToString().ToLowerInvariant()}");
                duration = null;
            }
        }

        return kind is { } k ? new SecurityAction(k, duration) : null;
    }

    private static ActionLimitConfig? ReadActionLimit(MappingReader security)
    {
        if (security.Map("action_limit") is not { } entry)
        {
            return null;
        }

        var max = entry.Int("max_actions", 1, 10_000) ?? 5;
        var window = entry.Int("time_window_seconds", 1, 86400) ?? 600;
        entry.ReportUnknown();
        return new ActionLimitConfig(max, TimeSpan.FromSeconds(window));
    }
}
