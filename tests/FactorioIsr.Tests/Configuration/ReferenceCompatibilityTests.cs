using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary>What the Python reference accepted loads unchanged, with a warning that says what ISR does instead.</summary>
public sealed class ReferenceCompatibilityTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    private (MonitoringConfig Monitoring, Diagnostic Warning) LoadWithOneWarning(string lines)
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n" + lines);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        return (result.Configuration!.Servers[0].Monitoring, warning);
    }

    [Theory]
    [InlineData("stats_interval: 5", "stats_interval: 5 is below 10 (polling stats more often than every 10 s loads the game server); using 10")]
    [InlineData("stats_interval: 0", "stats_interval: 0 is below 10 (polling stats more often than every 10 s loads the game server); using 10")]
    [InlineData("stats_interval: 100000", "stats_interval: 100000 is above 86400; using 86400")]
    [InlineData("alert_cooldown: -5", "alert_cooldown: -5 is below 0 (a cooldown cannot be negative); using 0")]
    [InlineData("ups_ema_alpha: 2", "ups_ema_alpha: 2 is outside (0, 1] (the reference parsed it but never used it); using the default 0.2")]
    [InlineData("pause_time_threshold: -1", "pause_time_threshold: -1 is not above 0 (the reference never read this key); using the default 5")]
    [InlineData("rcon_status_alert_interval: 999999", "rcon_status_alert_interval: 999999 is above 86400; using 86400")]
    public void ValueOutsideOurRange_LoadsWithAWarningSayingWhatIsUsed(string line, string expected)
    {
        var (_, warning) = LoadWithOneWarning($"    {line}\n");
        Assert.Equal((4, expected), (warning.Line, warning.Message));
    }

    [Fact]
    public void StatsIntervalBelowOurMinimum_IsClamped()
    {
        Assert.Equal(10, LoadWithOneWarning("    stats_interval: 5\n").Monitoring.StatsInterval);
    }

    [Fact]
    public void RecoveryBelowWarning_LoadsWithTheWarningThresholdAsRecovery()
    {
        var (monitoring, warning) = LoadWithOneWarning("    ups_warning_threshold: 58\n    ups_recovery_threshold: 55\n");

        Assert.Equal((58.0, 58.0), (monitoring.UpsWarningThreshold, monitoring.UpsRecoveryThreshold));
        Assert.Equal(5, warning.Line);
        Assert.Contains("is below ups_warning_threshold (58); using 58", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertKeysWhenAlertsAreOff_AreNotChecked_AsByTheReference()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    enable_alerts: false\n    alert_check_interval: 0\n    alert_samples_required: 0\n    ups_warning_threshold: 0\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(3, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.Contains("using the default", d.Message, StringComparison.Ordinal));
        Assert.Equal(MonitoringConfig.Defaults with { EnableAlerts = false }, result.Configuration!.Servers[0].Monitoring);
    }

    [Fact]
    public void AlertKeysWhenAlertsAreOn_AreErrorsSayingWhy_AsTheReferenceRefusedThem()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    alert_check_interval: 0\n    alert_samples_required: 0\n");

        Assert.False(result.Succeeded);
        Assert.Equal(
            ["alert_check_interval: 0 is below 1: an interval of 0 would check continuously", "alert_samples_required: 0 is below 1: an alert needs at least one low sample"],
            result.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void NestedDiscordAndRconBlocks_AreIgnoredWithAWarning()
    {
        var result = _configs.Load("""
            servers:
              main:
                log_path: a.log
                discord:
                  channel_id: 1
                rcon:
                  host: localhost
                  password_file: /run/secrets/rcon
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Null(result.Configuration!.Servers[0].Rcon);
        Assert.Equal([(4, DiagnosticSeverity.Warning), (6, DiagnosticSeverity.Warning)], result.Diagnostics.Select(d => (d.Line, d.Severity)));
        Assert.Contains("use rcon_host, rcon_port and rcon_password", result.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumericBooleans_AreRead()
    {
        var monitoring = _configs.LoadValid("servers:\n  main:\n    log_path: a.log\n    enable_alerts: 0\n    enable_ups_stat: 1\n").Servers[0].Monitoring;
        Assert.Equal((false, true), (monitoring.EnableAlerts, monitoring.EnableUpsStat));
    }

    [Theory]
    [InlineData("Main", "main")]
    [InlineData("my_server", "my-server")]
    [InlineData("a-very-long-server-tag", "a-very-long-serv")]
    public void TagTheReferenceAccepted_IsUsedNormalized_WithAWarning(string written, string tag)
    {
        _configs.Secret("RCON_PASSWORD_" + written.ToUpperInvariant(), "pw");
        var result = _configs.Load($"servers:\n  {written}:\n    log_path: a.log\n    rcon_password: \"\"\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((2, 3, DiagnosticSeverity.Warning), (warning.Line, warning.Column, warning.Severity));
        Assert.StartsWith($"server tag '{written}' is used as '{tag}'", warning.Message, StringComparison.Ordinal);
        var server = Assert.Single(result.Configuration!.Servers);
        Assert.Equal((tag, written, "pw"), (server.Tag, server.Name, server.Rcon!.Password.Reveal()));
    }

    [Fact]
    public void TagsThatNormalizeToTheSameTag_AreAnError()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n  Main:\n    log_path: b.log\n");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((4, "server tag 'Main' is read as 'main', which the server at 2:3 already has; rename one of them"), (error.Line, error.Message));
    }
}
