using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary>Issue 11 item 10: YAML merge keys resolve as PyYAML's safe_load (the reference's loader) resolves them.</summary>
public sealed class MergeKeyTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void MergeKey_FromAnotherServer_OwnKeysWin_WhereverWritten()
    {
        var servers = _configs.LoadValid("""
            servers:
              a: &base
                log_path: a.log
                rcon_host: game.internal
                rcon_port: 27015
                rcon_password: pw
                stats_interval: 600
              b:
                log_path: b.log
                <<: *base
                rcon_port: 27016
            """).Servers;

        var b = Assert.Single(servers, s => s.Tag == "b");
        Assert.Equal(("b.log", "game.internal", 27016, 600), (b.Sources[0].Path, b.Rcon!.Host, b.Rcon.Port, b.Monitoring.StatsInterval));
    }

    [Fact]
    public void MergeKey_ListOfMappings_TheFirstWins_AndExtensionKeysHoldAnchors()
    {
        var server = _configs.LoadValid("""
            x-rcon: &rcon
              rcon_host: first
              rcon_password: pw
            x-more: &more
              rcon_host: second
              stats_interval: 900
            servers:
              main:
                <<: [*rcon, *more]
                log_path: a.log
            """).Servers[0];

        Assert.Equal(("first", 900), (server.Rcon!.Host, server.Monitoring.StatsInterval));
    }

    [Fact]
    public void MergeKey_OfAScalar_IsALocatedError()
    {
        var result = _configs.Load("x-a: &a just-text\nservers:\n  main:\n    log_path: a.log\n    <<: *a\n");
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((1, 6), (error.Line, error.Column));
        Assert.StartsWith("'<<' merges mappings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedMergeKey_IsAnOrdinaryKey()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    '<<': {rcon_port: 1}\n");
        Assert.Contains("unknown key '<<'", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTopLevelKeyWithoutXPrefix_IsStillAnError()
    {
        var result = _configs.Load("defaults: &d {rcon_port: 1}\nservers:\n  main:\n    log_path: a.log\n");
        Assert.Contains("unknown key 'defaults'", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }
}
