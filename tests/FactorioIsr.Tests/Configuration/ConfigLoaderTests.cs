using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void Load_ReferenceFileWithEveryKey_LoadsUnchanged()
    {
        var config = _configs.LoadValid("""
            servers:
              los-hermanos:
                name: "Los Hermanos"
                description: "Main server"
                log_path: /factorio/console.log
                rcon_host: factorio.local
                rcon_port: "27016"
                rcon_password: hunter2
                event_channel_id: 123456789012345678
                stats_interval: 600
                rcon_status_alert_mode: Interval
                rcon_status_alert_interval: 120
                enable_stats_collector: false
                enable_ups_stat: false
                enable_evolution_stat: false
                enable_alerts: false
                alert_check_interval: 30
                alert_samples_required: 5
                ups_warning_threshold: 50.5
                ups_recovery_threshold: 57
                alert_cooldown: 600
                ups_ema_alpha: 0.5
            """);

        var server = Assert.Single(config.Servers);
        Assert.Equal("los-hermanos", server.Tag);
        Assert.Equal("Los Hermanos", server.Name);
        Assert.Equal("Main server", server.Description);
        Assert.Equal([new LogSourceConfig(LogSourceKind.Console, "/factorio/console.log", null)], server.Sources);
        Assert.Equal("factorio.local", server.Rcon!.Host);
        Assert.Equal(27016, server.Rcon.Port);
        Assert.Equal("hunter2", server.Rcon.Password.Reveal());
        Assert.Equal(123456789012345678UL, server.EventChannelId);
        Assert.Equal(new MonitoringConfig(600, false, false, false, false, 30, 5, 50.5, 57, 600, 0.5, 5.0, RconStatusAlertMode.Interval, 120), server.Monitoring);
    }

    [Fact]
    public void Load_MinimalServer_TakesEveryDefault()
    {
        var config = _configs.LoadValid("""
            servers:
              main:
                log_path: console.log
            """);

        var server = Assert.Single(config.Servers);
        Assert.Equal("main", server.Name);
        Assert.True(server.Enabled);
        Assert.Null(server.Rcon);
        Assert.False(server.AchievementSafe);
        Assert.Equal(StartAt.End, server.StartAt);
        Assert.Null(server.EventChannelId);
        Assert.Equal(MonitoringConfig.Defaults, server.Monitoring);
        Assert.Equal(GlobalSettings.Defaults.StatePath, config.Settings.StatePath);
        Assert.Equal(new HealthSettings("0.0.0.0", 8080), config.Settings.Health);
        Assert.Equal(new LogSettings(IsrLogLevel.Info, IsrLogFormat.Console), config.Settings.Log);
        Assert.Equal(new Uri("https://discord.com/api/v10"), config.Settings.Discord.ApiBaseUrl);
        Assert.Equal(new OutputSettings(false, null), config.Settings.Outputs);
    }

    [Fact]
    public void Load_OurKeys_SourcesRoutesWebhooksAndModes()
    {
        var config = _configs.LoadValid("""
            servers:
              space-age:
                enabled: false
                achievement_safe: true
                start_at: beginning
                log_path: /f/console.log
                current_log_path: /f/factorio-current.log
                mod_events_path: /f/script-output/isr-events.jsonl
                sources:
                  - kind: console
                    path: /g/console.log
                    rotated: "console-*.log"
                event_channel_id: 1
                alert_channel_id: 2
                status_channel_id: 3
                chat_channel_id: 4
                webhook_url: https://discord.com/api/webhooks/10/token-a
                channels:
                  admin: 5
                  trades:
                    channel_id: 6
                    webhook_url: https://discord.com/api/webhooks/11/token-b
                    allow_role_mentions: true
            """);

        var server = Assert.Single(config.Servers);
        Assert.False(server.Enabled);
        Assert.True(server.AchievementSafe);
        Assert.Equal(StartAt.Beginning, server.StartAt);
        Assert.Equal(
            [LogSourceKind.Console, LogSourceKind.Current, LogSourceKind.Mod, LogSourceKind.Console],
            server.Sources.Select(s => s.Kind));
        Assert.Equal("console-*.log", server.Sources[3].RotatedGlob);

        Assert.Equal(5UL, server.ResolveRoute("admin").ChannelId);
        Assert.Equal("https://discord.com/api/webhooks/10/token-a", server.ResolveRoute("admin").WebhookUrl!.Reveal());
        var trades = server.ResolveRoute("trades");
        Assert.Equal(6UL, trades.ChannelId);
        Assert.Equal("https://discord.com/api/webhooks/11/token-b", trades.WebhookUrl!.Reveal());
        Assert.True(trades.AllowRoleMentions);
        Assert.Equal(4UL, server.ResolveRoute("chat").ChannelId);
        Assert.Equal(2UL, server.ResolveRoute("alerts").ChannelId);
        Assert.Equal(3UL, server.ResolveRoute("status").ChannelId);
        Assert.Equal(1UL, server.ResolveRoute("unconfigured-route").ChannelId);
        Assert.Equal(1UL, server.ResolveRoute(null).ChannelId);
    }

    [Fact]
    public void Load_LogOnlyServer_IsValidWithoutRcon()
    {
        var config = _configs.LoadValid("servers:\n  logs:\n    log_path: a.log\n");
        Assert.Null(config.Servers[0].Rcon);
    }

    [Fact]
    public void Load_RconOnlyServer_IsValid()
    {
        var config = _configs.LoadValid("servers:\n  rcon:\n    rcon_password: pw\n");
        Assert.Equal(new RconConfig("localhost", 27015, new Secret("pw")), config.Servers[0].Rcon);
    }

    [Fact]
    public void Load_ServerWithNothingToRelay_IsAnError()
    {
        var result = _configs.Load("servers:\n  idle:\n    name: Idle\n");
        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("no log source and no RCON", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 3), (error.Line, error.Column));
    }

    [Fact]
    public void Load_EmptyRconPassword_FallsBackToReferenceSecretFiles()
    {
        _configs.Secret("RCON_PASSWORD_MAIN", "per-server");
        _configs.Secret("RCON_PASSWORD", "shared");
        var config = _configs.LoadValid("""
            servers:
              main:
                log_path: a.log
                rcon_port: 27015
              other:
                log_path: b.log
                rcon_password: ""
            """);

        Assert.Equal("per-server", config.FindServer("main")!.Rcon!.Password.Reveal());
        Assert.Equal("shared", config.FindServer("other")!.Rcon!.Password.Reveal());
    }

    [Fact]
    public void Load_ObsoleteReferenceKeys_AreWarningsNotErrors()
    {
        var result = _configs.Load("""
            servers:
              main:
                log_path: a.log
                rcon_breakdown_mode: transition
                rcon_breakdown_interval: 300
            """);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
        Assert.All(result.Diagnostics, d => Assert.Contains("ignored", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ZeroChannelId_MeansNotSetWithWarning()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    event_channel_id: 0\n");
        Assert.True(result.Succeeded);
        Assert.Null(result.Configuration!.Servers[0].EventChannelId);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(result.Diagnostics).Severity);
    }
}
