namespace FactorioIsr.Configuration;

/// <summary>Documented defaults (docs/configuration.md lists the same values).</summary>
internal static class ConfigDefaults
{
    public const string ConfigPath = "config/servers.yml";
    public const string PatternsPath = "patterns";
    public const string StatePath = "data/isr.db";
    public const string MentionsPath = "config/mentions.yml";
    public const string HealthHost = "0.0.0.0";
    public const int HealthPort = 8080;
    public const int ShutdownTimeoutSeconds = 10;
    public const string DiscordApiBaseUrl = "https://discord.com/api/v10";
    public const string DiscordGatewayBaseUrl = "wss://gateway.discord.gg";

    public const string RconHost = "localhost";
    public const int RconPort = 27015;
    public const int StatsInterval = 300;
    public const int RconStatusAlertInterval = 300;
    public const int AlertCheckInterval = 60;
    public const int AlertSamplesRequired = 3;
    public const double UpsWarningThreshold = 55.0;
    public const double UpsRecoveryThreshold = 58.0;
    public const int AlertCooldown = 300;
    public const double UpsEmaAlpha = 0.2;
    public const double PauseTimeThreshold = 5.0;

    /// <summary>servers.yml files larger than this are refused (a config is a few KB; this stops accidents).</summary>
    public const long MaxConfigFileBytes = 4 * 1024 * 1024;
}
