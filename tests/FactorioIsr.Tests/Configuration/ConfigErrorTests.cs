using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

public sealed class ConfigErrorTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    private Diagnostic SingleError(string yaml)
    {
        var result = _configs.Load(yaml);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void YamlSyntaxError_ReportsLineAndColumn()
    {
        var error = SingleError("servers:\n  main:\n    log_path: [unclosed\n");
        Assert.StartsWith("YAML:", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void UnknownKey_SuggestsTheClosestKnownKey()
    {
        var error = SingleError("servers:\n  main:\n    log_path: a.log\n    rcon_pasword: x\n");
        Assert.Equal((4, 5), (error.Line, error.Column));
        Assert.Contains("unknown key 'rcon_pasword' (did you mean 'rcon_password'?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTopLevelKey_IsReported()
    {
        var error = SingleError("servrs:\n  main:\n    log_path: a.log\nservers:\n  main:\n    log_path: a.log\n");
        Assert.Contains("'servrs' (did you mean 'servers'?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rcon_port: abc", "expected an integer")]
    [InlineData("rcon_port: 70000", "out of range 1..65535")]
    [InlineData("enable_alerts: maybe", "expected true or false")]
    [InlineData("ups_warning_threshold: -1", "must be above 0: UPS cannot be 0 or less")]
    [InlineData("rcon_status_alert_interval: 0", "is below 1: an interval of 0 would post continuously")]
    [InlineData("event_channel_id: general", "expected a Discord id")]
    [InlineData("start_at: middle", "not one of end, beginning")]
    [InlineData("rcon_status_alert_mode: sometimes", "not one of transition, interval")]
    [InlineData("name: [a, b]", "expected a text value")]
    [InlineData("webhook_url: not-a-url", "expected a webhook URL")]
    public void WrongTypeOrRange_IsReportedAtTheValue(string line, string expected)
    {
        var error = SingleError($"servers:\n  main:\n    log_path: a.log\n    {line}\n");
        Assert.Equal(4, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my.server")]
    [InlineData("\"a b\"")]
    [InlineData("x@y")]
    public void InvalidTag_IsRejectedWithASuggestion(string tag)
    {
        var error = SingleError($"servers:\n  {tag}:\n    log_path: a.log\n");
        Assert.Contains("1-16 lowercase letters, digits or hyphens", error.Message, StringComparison.Ordinal);
        Assert.Contains("(try '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateTag_IsAnErrorWithLocation()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n  main:\n    log_path: b.log\n");
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("main", error.ToString(), StringComparison.Ordinal);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void SameLogFileTwice_IsRejected()
    {
        var error = SingleError("servers:\n  main:\n    log_path: a.log\n    sources:\n      - kind: console\n        path: a.log\n");
        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingServersSection_IsAnError()
    {
        var error = SingleError("health:\n  port: 8080\n");
        Assert.Contains("'servers:'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAnErrorNamingTheFile()
    {
        var result = ConfigLoader.Load(Path.Combine(_configs.Root, "nope.yml"), new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent"));
        var error = Assert.Single(result.Diagnostics);
        Assert.EndsWith("nope.yml", error.File, StringComparison.Ordinal);
        Assert.Contains("--config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedFile_IsRefused()
    {
        var result = _configs.Load("servers: {}\n# " + new string('x', (int)ConfigDefaults.MaxConfigFileBytes));
        Assert.Contains("refused", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce_AsFileLineColMessage()
    {
        var result = _configs.Load("""
            health:
              port: 0
            log:
              level: loud
            servers:
              bad.tag:
                log_path: a.log
              ok:
                log_path: b.log
                rcon_port: 99999
                rcon_password: ${MISSING_SECRET}
                enable_alerts: perhaps
                unknown_thing: 1
            """);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(7, errors.Count);
        Assert.All(errors, e => Assert.Matches(@"^.+servers\.yml:\d+:\d+: .+$", e.ToString()));
        Assert.Contains(errors, e => e.Message.Contains("MISSING_SECRET", StringComparison.Ordinal));
        Assert.Equal(errors.OrderBy(e => e.Line).Select(e => e.Line), errors.Select(e => e.Line));
    }
}
