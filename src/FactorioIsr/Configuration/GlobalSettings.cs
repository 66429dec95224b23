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
    public static DiscordSettings Defaults { get; } = new(
        null, null, [], new Uri(ConfigDefaults.DiscordApiBaseUrl), new Uri(ConfigDefaults.DiscordGatewayBaseUrl), [], [], ConfigDefaults.MentionsPath);
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
