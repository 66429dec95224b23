using FactorioIsr.Events;

namespace FactorioIsr.Configuration;

/// <summary>One server of servers.yml (the map key is its tag).</summary>
internal sealed record ServerConfig
{
    public required string Tag { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Log files to tail, from <c>sources</c> and the shorthands <c>log_path</c>, <c>current_log_path</c>, <c>mod_events_path</c>.</summary>
    public IReadOnlyList<LogSourceConfig> Sources { get; init; } = [];

    /// <summary>Where to start a file that has no saved position.</summary>
    public StartAt StartAt { get; init; } = StartAt.End;

    /// <summary>RCON connection; null for a log-only server.</summary>
    public RconConfig? Rcon { get; init; }

    /// <summary>No Lua over RCON (keeps achievements); features that need Lua are disabled.</summary>
    public bool AchievementSafe { get; init; }

    public ulong? EventChannelId { get; init; }

    public ulong? AlertChannelId { get; init; }

    public ulong? StatusChannelId { get; init; }

    public ulong? ChatChannelId { get; init; }

    /// <summary>This server's <c>chat_bridge</c>; null follows <c>discord.chat_bridge</c>.</summary>
    public bool? ChatBridge { get; init; }

    /// <summary>Named routes (a pattern's <c>channel</c>) to their destinations.</summary>
    public IReadOnlyDictionary<string, RouteConfig> Channels { get; init; } = new Dictionary<string, RouteConfig>();

    /// <summary>Webhook for every route of this server that has none of its own.</summary>
    public Secret? WebhookUrl { get; init; }

    public MonitoringConfig Monitoring { get; init; } = MonitoringConfig.Defaults;

    /// <summary>Overrides the look of every event of this server (a pattern's own <c>look</c> wins).</summary>
    public MessageLook? Look { get; init; }

    /// <summary>
    /// Resolves a route name to its destination: <c>channels[route]</c>, then the well-known routes
    /// (<c>chat</c>, <c>alerts</c>, <c>status</c>) to their <c>*_channel_id</c>, then <c>event_channel_id</c>.
    /// </summary>
    public RouteTarget ResolveRoute(string? route)
    {
        RouteConfig? configured = null;
        if (route is not null && Channels.TryGetValue(route, out var found))
        {
            configured = found;
        }

        var channel = configured?.ChannelId ?? WellKnownChannel(route) ?? EventChannelId;
        return new RouteTarget(route ?? RouteNames.Events, channel, configured?.WebhookUrl ?? WebhookUrl, configured?.AllowRoleMentions ?? false);
    }

    private ulong? WellKnownChannel(string? route) => route switch
    {
        RouteNames.Chat => ChatChannelId,
        RouteNames.Alerts => AlertChannelId,
        RouteNames.Status => StatusChannelId,
        _ => null,
    };
}

/// <summary>Route names with a dedicated <c>*_channel_id</c> key.</summary>
internal static class RouteNames
{
    public const string Events = "events";
    public const string Chat = "chat";
    public const string Alerts = "alerts";
    public const string Status = "status";
}

/// <summary>Where a route's events go on one server.</summary>
internal sealed record RouteTarget(string Route, ulong? ChannelId, Secret? WebhookUrl, bool AllowRoleMentions);

/// <summary>One entry of <c>channels:</c>: a channel id, a webhook, or both.</summary>
internal sealed record RouteConfig(string Name, ulong? ChannelId, Secret? WebhookUrl, bool AllowRoleMentions);

/// <summary>One log file to tail.</summary>
/// <param name="RotatedGlob">Extra sibling name pattern the file is rotated to (beside NAME.1, NAME.old, *-previous.log).</param>
internal sealed record LogSourceConfig(LogSourceKind Kind, string Path, string? RotatedGlob);

/// <summary>Where to start reading a file with no saved position.</summary>
internal enum StartAt
{
    End,
    Beginning,
}

/// <summary>RCON endpoint of a server.</summary>
internal sealed record RconConfig(string Host, int Port, Secret Password);

/// <summary>When RCON up/down notices are posted.</summary>
internal enum RconStatusAlertMode
{
    Transition,
    Interval,
}

/// <summary>Stats, UPS alerts and RCON status settings (the reference's keys and defaults).</summary>
internal sealed record MonitoringConfig(
    int StatsInterval,
    bool EnableStatsCollector,
    bool EnableUpsStat,
    bool EnableEvolutionStat,
    bool EnableAlerts,
    int AlertCheckInterval,
    int AlertSamplesRequired,
    double UpsWarningThreshold,
    double UpsRecoveryThreshold,
    int AlertCooldown,
    double UpsEmaAlpha,
    double PauseTimeThreshold,
    RconStatusAlertMode RconStatusAlertMode,
    int RconStatusAlertInterval)
{
    public static MonitoringConfig Defaults { get; } = new(
        ConfigDefaults.StatsInterval, true, true, true, true,
        ConfigDefaults.AlertCheckInterval, ConfigDefaults.AlertSamplesRequired,
        ConfigDefaults.UpsWarningThreshold, ConfigDefaults.UpsRecoveryThreshold,
        ConfigDefaults.AlertCooldown, ConfigDefaults.UpsEmaAlpha, ConfigDefaults.PauseTimeThreshold,
        RconStatusAlertMode.Transition, ConfigDefaults.RconStatusAlertInterval);
}
