namespace FactorioIsr.Configuration;

/// <summary>Process-wide settings: top-level sections of servers.yml, each overridable by environment.</summary>
internal sealed record GlobalSettings(
    DiscordSettings Discord,
    string StatePath,
    string? PatternsPath,
    HealthSettings Health,
    LogSettings Log,
    OutputSettings Outputs)
{
    /// <summary>The <c>tailing:</c> section.</summary>
    public TailingSettings Tailing { get; init; } = TailingSettings.Defaults;

    /// <summary>The <c>outbox:</c> section.</summary>
    public OutboxSettings Outbox { get; init; } = OutboxSettings.Defaults;

    /// <summary>The top-level <c>shutdown_timeout_seconds</c>: how long a stop may take to deliver what is in flight.</summary>
    public int ShutdownTimeoutSeconds { get; init; } = ConfigDefaults.ShutdownTimeoutSeconds;

    public static GlobalSettings Defaults { get; } = new(
        DiscordSettings.Defaults,
        ConfigDefaults.StatePath,
        null,
        new HealthSettings(ConfigDefaults.HealthHost, ConfigDefaults.HealthPort),
        new LogSettings(IsrLogLevel.Info, IsrLogFormat.Console),
        new OutputSettings(false, null));
}

/// <summary>The <c>discord:</c> section.</summary>
internal sealed record DiscordSettings(
    Secret? Token,
    ulong? ApplicationId,
    IReadOnlyList<ulong> GuildIds,
    Uri ApiBaseUrl,
    Uri GatewayBaseUrl,
    IReadOnlyList<ulong> AdminRoleIds,
    IReadOnlyList<ulong> ModeratorRoleIds,
    string MentionsPath,
    string? WebhookAvatarTemplate = null)
{
    /// <summary>
    /// <c>discord.chat_bridge</c>: relay Discord messages of each server's chat channel into its game (docs/chat-bridge.md).
    /// Off by default: it needs the privileged MESSAGE_CONTENT intent, enabled in the developer portal. A server's own
    /// <c>chat_bridge</c> wins.
    /// </summary>
    public bool ChatBridge { get; init; }

    public static DiscordSettings Defaults { get; } = new(
        null, null, [], new Uri(ConfigDefaults.DiscordApiBaseUrl), new Uri(ConfigDefaults.DiscordGatewayBaseUrl), [], [], ConfigDefaults.MentionsPath);

    /// <summary><c>discord.admin_role_names</c>: guild roles, by name (case-insensitive), that may run admin and danger commands.</summary>
    public IReadOnlyList<string> AdminRoleNames { get; init; } = [];

    /// <summary><c>discord.moderator_role_names</c>: guild roles, by name, that may run admin-tier commands.</summary>
    public IReadOnlyList<string> ModeratorRoleNames { get; init; } = [];

    /// <summary>
    /// <c>discord.public_key</c>: the application's Ed25519 public key (64 hex characters, lowercase here). Set, it turns on
    /// <c>POST /interactions</c> on the health port (docs/commands.md, "The HTTP interactions endpoint"). Not a secret.
    /// </summary>
    public string? PublicKey { get; init; }
}

/// <summary>The <c>health:</c> section: where /health, /ready and /metrics listen.</summary>
internal sealed record HealthSettings(string Host, int Port);

/// <summary>The <c>log:</c> section.</summary>
internal sealed record LogSettings(IsrLogLevel Level, IsrLogFormat Format);

/// <summary>Log verbosity (the reference's names; <c>critical</c> is accepted too).</summary>
internal enum IsrLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
    Critical,
}

/// <summary>Log rendering.</summary>
internal enum IsrLogFormat
{
    Console,
    Json,
}

/// <summary>The <c>outputs:</c> section: destinations besides Discord.</summary>
/// <param name="Console">Print what each Discord message would look like.</param>
/// <param name="JsonlPath">Append one JSON object per delivered event to this file.</param>
internal sealed record OutputSettings(bool Console, string? JsonlPath);

/// <summary>The <c>tailing:</c> section: how log files are followed.</summary>
/// <param name="PollIntervalMs">The stat poll that finds every change even when notifications are lost.</param>
/// <param name="PollOnly">Ignore file-system notifications (NFS, some bind mounts).</param>
/// <param name="RotateWaitSeconds">How long a rotated or deleted file is still read after it stopped growing.</param>
/// <param name="MaxLineBytes">Longer lines are cut to this many bytes and flagged.</param>
internal sealed record TailingSettings(int PollIntervalMs, bool PollOnly, int RotateWaitSeconds, int MaxLineBytes)
{
    public static TailingSettings Defaults { get; } = new(250, false, 5, 64 * 1024);
}

/// <summary>The <c>outbox:</c> section: when reading pauses because too much waits for delivery.</summary>
/// <param name="MaxEvents">Reading pauses while the outbox holds this many events.</param>
/// <param name="MaxMegabytes">Reading pauses while the outbox holds this many megabytes of events.</param>
internal sealed record OutboxSettings(int MaxEvents, int MaxMegabytes)
{
    public static OutboxSettings Defaults { get; } = new(1_000_000, 1024);
}
