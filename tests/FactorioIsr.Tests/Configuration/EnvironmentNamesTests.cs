using FactorioIsr.Cli;
using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary>The reference's environment names: precedence as in the reference, documented, ignored ones warned about.</summary>
public sealed class EnvironmentNamesTests : IDisposable
{
    private const string Minimal = "servers:\n  main:\n    log_path: a.log\n";

    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void ReferenceSecretFile_WinsOverReferenceVariable_AndIsrVariableWinsOverBoth()
    {
        _configs.Environment["DISCORD_BOT_TOKEN"] = "from-variable";
        _configs.Secret("DISCORD_BOT_TOKEN", "from-secret-file");
        _configs.Environment["LOG_LEVEL"] = "debug";
        _configs.Secret("log_level", "error");
        _configs.Environment["LOG_FORMAT"] = "console";
        _configs.Secret("log_format", "json");
        _configs.Environment["ISR_LOG_FORMAT"] = "console";

        var settings = _configs.LoadValid(Minimal).Settings;

        Assert.Equal("from-secret-file", settings.Discord.Token!.Reveal());
        Assert.Equal(IsrLogLevel.Error, settings.Log.Level);
        Assert.Equal(IsrLogFormat.Console, settings.Log.Format);
    }

    [Fact]
    public void BanlistDirectory_IsIgnoredWithAWarning()
    {
        _configs.Environment["FACTORIO_ISR_BANLIST_DIR"] = "/app/config";

        var result = _configs.Load(Minimal);

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("$FACTORIO_ISR_BANLIST_DIR", warning.File);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.StartsWith("FACTORIO_ISR_BANLIST_DIR is ignored: ISR keeps no ban list file", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEnvironmentNameRead_IsDocumented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "configuration.md"));
        var names = EnvironmentOverrides.Legacy.SelectMany(l => l.SecretFiles.Select(f => "/run/secrets/" + f).Append(l.Variable))
            .Concat(EnvironmentOverrides.Ignored.Select(i => i.Variable))
            .Concat(["/run/secrets/RCON_PASSWORD_<TAG>", "/run/secrets/RCON_PASSWORD", "$NAME_FILE", ".env"]);
        foreach (var name in names)
        {
            Assert.Contains($"`{name}`", docs, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("state: \"Host=db;Database=isr\"\n", "servers.yml", 1, 8)]
    [InlineData("state: postgresql://isr@db/isr\n", "servers.yml", 1, 8)]
    public void Check_PostgreSqlState_IsRefusedWithItsLocation(string stateLine, string file, int line, int column)
    {
        var path = _configs.WriteFile("servers.yml", stateLine + Minimal);
        var stderr = new StringWriter();

        var exit = CheckCommand.Run(path, null, new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), TextWriter.Null, stderr);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{file}:{line}:{column}: state: PostgreSQL is not supported by this build", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres-volume/isr.db")]
    [InlineData("data/Server=1/isr.db")]
    [InlineData("/srv/postgresql/isr.db")]
    public void IsPostgreSql_FilePathsThatMentionIt_AreFilePaths(string path) => Assert.False(StateLocation.IsPostgreSql(path));

    [Theory]
    [InlineData("postgres://isr@db/isr")]
    [InlineData("Host=db;Database=isr")]
    [InlineData("Username=isr; server = db")]
    public void IsPostgreSql_UrlsAndConnectionStrings_AreRecognised(string value) => Assert.True(StateLocation.IsPostgreSql(value));

    [Fact]
    public void Check_PostgreSqlStateFromIsrState_IsRefusedAgainstTheVariable()
    {
        _configs.Environment["ISR_STATE"] = "Host=db;Username=isr";

        var error = Assert.Single(_configs.Load(Minimal).Diagnostics);

        Assert.Equal("$ISR_STATE:1:1: state: " + StateLocation.PostgreSqlRefused, error.ToString());
    }

    [Fact]
    public void Check_PatternsDirectoryFromASecret_IsPrintedAsTheReference()
    {
        _configs.WriteFile("secret-pack-dir/bad.yml", "events:\n  broken:\n    pattern: '(?=lookahead)'\n");
        _configs.Environment["PDIR"] = Path.Combine(_configs.Root, "secret-pack-dir");
        var path = _configs.WriteFile("servers.yml", "patterns: ${PDIR}\n" + Minimal);
        var stderr = new StringWriter();

        var exit = CheckCommand.Run(path, null, new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), TextWriter.Null, stderr);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("${PDIR}/bad.yml:", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pack-dir", stderr.ToString(), StringComparison.Ordinal);

        _configs.WriteFile("secret-pack-dir/bad.yml", "events:\n  fine:\n    pattern: 'x'\n");
        var stdout = new StringWriter();
        Assert.Equal(ExitCodes.Ok, CheckCommand.Run(path, null, new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), stdout, TextWriter.Null));
        Assert.Contains("enabled from ${PDIR}: OK", stdout.ToString(), StringComparison.Ordinal);
    }
}
