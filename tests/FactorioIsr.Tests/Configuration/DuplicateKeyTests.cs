using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary>A repeated key is one diagnostic among the others, never an exception that hides them.</summary>
public sealed class DuplicateKeyTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void DuplicateServerTag_IsReportedBesideEveryOtherError()
    {
        var result = _configs.Load("""
            servers:
              main:
                log_path: a.log
                rcon_port: 70000
                stats_intervall: 300
              other:
                log_path: b.log
                enable_alerts: maybe
              main:
                log_path: c.log
              bad.tag:
                log_path: d.log
                event_channel_id: general
                webhook_url: not-a-url
            """);

        Assert.False(result.Succeeded);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var text = string.Join("\n", errors);
        Assert.Contains(errors, e => e.EndsWith("servers.yml:9:3: duplicate server tag 'main' (first at 2:3)", StringComparison.Ordinal));
        Assert.Contains("out of range 1..65535", text, StringComparison.Ordinal);
        Assert.Contains("unknown key 'stats_intervall'", text, StringComparison.Ordinal);
        Assert.Contains("expected true or false", text, StringComparison.Ordinal);
        Assert.Contains("server tag 'bad.tag'", text, StringComparison.Ordinal);
        Assert.Contains("expected a Discord id", text, StringComparison.Ordinal);
        Assert.Contains("expected a webhook URL", text, StringComparison.Ordinal);
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void DuplicateKeyInsideAServer_IsReportedWithTheFirstLocation_AndTheFirstValueIsKept()
    {
        var result = _configs.Load("""
            servers:
              main:
                log_path: a.log
                rcon_port: 27016
                rcon_password: x
                rcon_port:
                  nested: [1, 2]
                name: [not, text]
            """);

        var duplicate = Assert.Single(result.Diagnostics, d => d.Message.Contains("duplicate", StringComparison.Ordinal));
        Assert.Equal((6, 5), (duplicate.Line, duplicate.Column));
        Assert.Equal("servers.main: duplicate key 'rcon_port' (first at 4:5)", duplicate.Message);
        Assert.Contains(result.Diagnostics, d => d.Line == 8 && d.Message.Contains("expected a text value", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateTopLevelAndNestedGlobalKeys_AreEachReported()
    {
        var result = _configs.Load("""
            health:
              port: 8080
              port: 8081
            state: a.db
            state: b.db
            servers:
              main:
                log_path: a.log
            """);

        Assert.Equal(
            ["health: duplicate key 'port' (first at 2:3)", "duplicate key 'state' (first at 4:1)"],
            result.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void AnchorInADroppedDuplicate_IsReported_AndItsAliasDoesNotHideTheOtherErrors()
    {
        var result = _configs.Load("""
            servers:
              main:
                log_path: /a
                log_path: &other /b
                current_log_path: *other
                rcon_port: 99999999
            """);

        Assert.Contains(result.Diagnostics, d => d.Message == "servers.main: duplicate key 'log_path' (first at 3:5)");
        Assert.Contains(result.Diagnostics, d => (d.Line, d.Column) == (4, 15) && d.Message.Contains("anchor '&other'", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Line == 6 && d.Message.Contains("rcon_port", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.StartsWith("YAML:", StringComparison.Ordinal));
    }

    [Fact]
    public void AnchorDefinedAgainAfterADroppedOne_IsTheOneAliasesRead()
    {
        const string Yaml = "main:\n  name: &n first\n  name: &n dropped\n  log_path: &n a.log\n  current_log_path: *n\n";
        var reports = new List<string>();
        var stream = new YamlDotNet.RepresentationModel.YamlStream();

        stream.Load(new DuplicateKeyFilter(new YamlDotNet.Core.Parser(new StringReader(Yaml)), (_, message) => reports.Add(message)));

        var main = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode)["main"];
        Assert.Equal("a.log", ((YamlDotNet.RepresentationModel.YamlScalarNode)main["current_log_path"]).Value);
        Assert.Equal("first", ((YamlDotNet.RepresentationModel.YamlScalarNode)main["name"]).Value);
        Assert.Equal(2, reports.Count); // the duplicate, and the anchor it dropped
    }
}
