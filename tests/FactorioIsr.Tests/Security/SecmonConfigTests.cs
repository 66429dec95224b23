using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Security;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Security;

/// <summary>secmon.yml: the reference's schema, ours, its diagnostics, and how its alert channel becomes each server's private route.</summary>
public sealed class SecmonConfigTests : IDisposable
{
    private const string ServersYml = """
        servers:
          s1:
            log_path: /tmp/isr-secmon-test/console.log
            event_channel_id: 111
          s2:
            log_path: /tmp/isr-secmon-test/console2.log
            event_channel_id: 222
            channels:
              security: 999
              security-alerts: 888
        """;

    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    private RelayPreflightResult Preflight(string secmon)
    {
        _configs.WriteFile("servers.yml", ServersYml);
        _configs.WriteFile("secmon.yml", secmon);
        return RelayPreflight.Run(Path.Combine(_configs.Root, "servers.yml"), Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), Path.Combine(_configs.Root, "isr.db"));
    }

    [Fact]
    public void NoSecmonYml_TheMonitorIsOff()
    {
        _configs.WriteFile("servers.yml", ServersYml);
        var result = RelayPreflight.Run(Path.Combine(_configs.Root, "servers.yml"), Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), Path.Combine(_configs.Root, "isr.db"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.False(result.Settings!.Security.Enabled);
        Assert.Null(result.Settings.Security.SourcePath);
    }

    [Fact]
    public void TheReferencesSchema_LoadsUnchanged_AutoBanIsActionBan()
    {
        var result = Preflight("""
            security:
              enabled: true
              alert_channel: "security-alerts"
              patterns:
                code_injection: {enabled: true, auto_ban: true, severity: critical}
                path_traversal: {enabled: true, auto_ban: false, severity: high}
                command_injection: {enabled: false, auto_ban: true, severity: critical}
              rate_limits:
                mention_admin: {max_events: 5, time_window_seconds: 60}
                mention_everyone: {max_events: 1, time_window_seconds: 300}
                chat_message: {max_events: 20, time_window_seconds: 60}
            """);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var security = result.Settings!.Security;
        Assert.True(security.Enabled);
        Assert.Equal(new SecurityAction(SecurityActionKind.Ban, null), security.Patterns[SecurityRuleNames.CodeInjection].Action);
        Assert.Equal(SecurityAction.AlertOnly, security.Patterns[SecurityRuleNames.PathTraversal].Action);
        Assert.False(security.Patterns[SecurityRuleNames.CommandInjection].Enabled);
        Assert.Equal(TimeSpan.FromSeconds(300), security.RateLimits[SecurityRuleNames.MentionEveryone].Window);

        // s2 has its own security route; s1 has no route named security-alerts: a warning, and no public fallback.
        var servers = result.Settings.Configuration.Servers;
        Assert.Equal(999UL, servers.Single(s => s.Tag == "s2").Channels["security"].ChannelId);
        Assert.False(servers.Single(s => s.Tag == "s1").Channels.ContainsKey("security"));
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("no private channel for security alerts of s1", StringComparison.Ordinal));
    }

    [Fact]
    public void OurKeys_TrustedPlayersActionsDurationsRouteAndLimits()
    {
        var result = Preflight("""
            security:
              alert_channel: 123456789012345678
              trusted_players: [Admin1, bob]
              max_line_age_seconds: 60
              action_limit: {max_actions: 2, time_window_seconds: 30}
              patterns:
                code_injection: {action: ban, duration: 1h30m}
                command_injection: {action: kick}
              rate_limits:
                chat_message: {max_events: 10, time_window_seconds: 20, action: mute, duration: 10m, severity: low}
            """);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var security = result.Settings!.Security;
        Assert.True(security.IsTrusted("ADMIN1"));
        Assert.Equal(new SecurityAction(SecurityActionKind.Ban, TimeSpan.FromMinutes(90)), security.Patterns[SecurityRuleNames.CodeInjection].Action);
        Assert.Equal("ban 1h30m", security.Patterns[SecurityRuleNames.CodeInjection].Action.ToString());
        Assert.Equal(new RateLimitConfig(true, 10, TimeSpan.FromSeconds(20), SecuritySeverity.Low, new SecurityAction(SecurityActionKind.Mute, TimeSpan.FromMinutes(10))), security.RateLimits[SecurityRuleNames.ChatMessage]);
        Assert.Equal(new ActionLimitConfig(2, TimeSpan.FromSeconds(30)), security.ActionLimit);
        Assert.Equal(TimeSpan.FromSeconds(60), security.MaxLineAge);
        // The channel id becomes s1's security route; s2 keeps its own.
        var servers = result.Settings.Configuration.Servers;
        Assert.Equal(123456789012345678UL, servers.Single(s => s.Tag == "s1").Channels["security"].ChannelId);
        Assert.Equal(999UL, servers.Single(s => s.Tag == "s2").Channels["security"].ChannelId);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Problems_AreLocated_WithDidYouMean()
    {
        var result = Preflight("""
            security:
              enabeld: true
              patterns:
                code_injection: {auto_ban: true, action: mute}
                path_travesal: {enabled: true}
                command_injection: {action: kick, duration: 1h}
              rate_limits:
                chat_message: {max_events: 0, time_window_seconds: 60, action: explode}
              route: events
            """);
        Assert.False(result.Succeeded);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var file = Path.Combine(_configs.Root, "secmon.yml");
        Assert.Contains($"{file}:2:3: security: unknown key 'enabeld' (did you mean 'enabled'?)", errors);
        Assert.Contains(errors, e => e.StartsWith($"{file}:4:", StringComparison.Ordinal) && e.Contains("auto_ban: true means action: ban, but action: mute", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{file}:5:5:", StringComparison.Ordinal) && e.Contains("unknown key 'path_travesal' (did you mean 'path_traversal'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{file}:6:", StringComparison.Ordinal) && e.Contains("only a mute or a ban can be temporary", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{file}:8:", StringComparison.Ordinal) && e.Contains("max_events: 0 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{file}:8:", StringComparison.Ordinal) && e.Contains("'explode' is not one of alert, mute, kick, ban", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{file}:9:10:", StringComparison.Ordinal) && e.Contains("public route", StringComparison.Ordinal));
    }

    [Fact]
    public void IsrCheck_ReportsSecmonYml_LocatedWithDidYouMean_AndExits2()
    {
        _configs.WriteFile("servers.yml", ServersYml);
        var secmon = _configs.WriteFile("secmon.yml", "security:\n  enabled: true\n  trusted_player: [Admin1]\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = FactorioIsr.Cli.CheckCommand.Run(Path.Combine(_configs.Root, "servers.yml"), Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains($"{secmon}:3:3: security: unknown key 'trusted_player' (did you mean 'trusted_players'?)", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("7d", 604800)]
    [InlineData("3600", 3600)]
    public void Durations(string text, int seconds)
    {
        Assert.True(SecurityDurations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5m")]
    [InlineData("1 hour")]
    [InlineData("1w")]
    public void BadDurations(string text) => Assert.False(SecurityDurations.TryParse(text, out _));
}
