namespace FactorioIsr.Security;

/// <summary>
/// secmon.yml, validated: the reference's <c>security:</c> schema (enabled, alert channel, pattern classes, rate limits)
/// plus ours (trusted players, a per-rule action, the alert route, the action limit, the backlog age). Immutable; a reload
/// builds a new one. <see cref="Off"/> when the file is absent.
/// </summary>
internal sealed record SecmonConfig
{
    public const string FileName = "secmon.yml";

    /// <summary>The monitor is off: no secmon.yml, or <c>enabled: false</c>.</summary>
    public static SecmonConfig Off { get; } = new() { Enabled = false };

    /// <summary>Where it was read from; null when there is no file.</summary>
    public string? SourcePath { get; init; }

    public bool Enabled { get; init; }

    /// <summary>The reference's <c>alert_channel</c>: a channel id, or a name (resolved as a route of <c>channels:</c>).</summary>
    public string? AlertChannel { get; init; }

    /// <summary>The route security events take (resolved through each server's <c>channels:</c> only, never a default).</summary>
    public string Route { get; init; } = SecurityRoutes.Security;

    /// <summary>Players the monitor never acts on (case-insensitive, as Factorio compares names).</summary>
    public IReadOnlySet<string> TrustedPlayers { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The content rules by name (<see cref="SecurityRuleNames"/>).</summary>
    public IReadOnlyDictionary<string, SecurityRuleConfig> Patterns { get; init; } = DefaultPatterns();

    /// <summary>The per-player rate limits by name (<see cref="SecurityRuleNames"/>).</summary>
    public IReadOnlyDictionary<string, RateLimitConfig> RateLimits { get; init; } = DefaultRateLimits();

    /// <summary>At most this many in-game actions per server in the window (a bug cannot ban half the server).</summary>
    public ActionLimitConfig ActionLimit { get; init; } = new(5, TimeSpan.FromMinutes(10));

    /// <summary>No action for a line older than this (read from a backlog): the alert says so. Zero: no limit.</summary>
    public TimeSpan MaxLineAge { get; init; } = TimeSpan.FromMinutes(15);

    public bool IsTrusted(string player) => TrustedPlayers.Contains(player);

    public static Dictionary<string, SecurityRuleConfig> DefaultPatterns() => new(StringComparer.Ordinal)
    {
        [SecurityRuleNames.CodeInjection] = new(true, SecuritySeverity.Critical, SecurityAction.AlertOnly),
        [SecurityRuleNames.PathTraversal] = new(true, SecuritySeverity.High, SecurityAction.AlertOnly),
        [SecurityRuleNames.CommandInjection] = new(true, SecuritySeverity.Critical, SecurityAction.AlertOnly),
    };

    public static Dictionary<string, RateLimitConfig> DefaultRateLimits() => new(StringComparer.Ordinal)
    {
        [SecurityRuleNames.MentionAdmin] = new(true, 5, TimeSpan.FromSeconds(60), SecuritySeverity.Medium, SecurityAction.AlertOnly),
        [SecurityRuleNames.MentionEveryone] = new(true, 1, TimeSpan.FromSeconds(300), SecuritySeverity.Medium, SecurityAction.AlertOnly),
        [SecurityRuleNames.ChatMessage] = new(true, 20, TimeSpan.FromSeconds(60), SecuritySeverity.Medium, SecurityAction.AlertOnly),
        [SecurityRuleNames.RepeatedMessage] = new(true, 5, TimeSpan.FromSeconds(60), SecuritySeverity.Low, SecurityAction.AlertOnly),
    };
}

/// <summary>One content rule: <c>patterns.NAME</c>.</summary>
internal sealed record SecurityRuleConfig(bool Enabled, SecuritySeverity Severity, SecurityAction Action);

/// <summary>One per-player rate limit: more than <paramref name="MaxEvents"/> in <paramref name="Window"/> (line timestamps) is an infraction.</summary>
internal sealed record RateLimitConfig(bool Enabled, int MaxEvents, TimeSpan Window, SecuritySeverity Severity, SecurityAction Action);

/// <summary>At most <paramref name="MaxActions"/> in-game actions per server in <paramref name="Window"/> (wall clock).</summary>
internal sealed record ActionLimitConfig(int MaxActions, TimeSpan Window);

/// <summary>What to do on an infraction: alert only (default), or mute, kick or ban, mute and ban optionally temporary.</summary>
internal sealed record SecurityAction(SecurityActionKind Kind, TimeSpan? Duration)
{
    public static SecurityAction AlertOnly { get; } = new(SecurityActionKind.Alert, null);

    public override string ToString() => Duration is { } d
        ? $"{Kind.ToString().ToLowerInvariant()} {SecurityDurations.Format(d)}"
        : Kind.ToString().ToLowerInvariant();
}

internal enum SecurityActionKind
{
    Alert,
    Mute,
    Kick,
    Ban,
}

internal enum SecuritySeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>Rule names: the reference's three pattern classes and its three rate limits, plus ours.</summary>
internal static class SecurityRuleNames
{
    public const string CodeInjection = "code_injection";
    public const string PathTraversal = "path_traversal";
    public const string CommandInjection = "command_injection";
    public const string MentionAdmin = "mention_admin";
    public const string MentionEveryone = "mention_everyone";
    public const string ChatMessage = "chat_message";
    public const string RepeatedMessage = "repeated_message";
}

/// <summary>Route and event type names of the security monitor.</summary>
internal static class SecurityRoutes
{
    /// <summary>The default route of security alerts (and their event type).</summary>
    public const string Security = "security";

    /// <summary>The route (and event type) of the actions' audit records, shared with the admin commands.</summary>
    public const string Audit = "audit";
}
