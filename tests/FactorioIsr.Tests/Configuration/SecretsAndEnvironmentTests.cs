using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

public sealed class SecretsAndEnvironmentTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    private const string Minimal = "servers:\n  main:\n    log_path: a.log\n";

    [Fact]
    public void SecretReference_ResolvesSecretFileThenFileVariableThenVariable()
    {
        _configs.Environment["A"] = "from-env-a";
        _configs.Secret("A", "from-secret-file-a");
        var bFile = _configs.WriteFile("b.txt", "from-b-file\n");
        _configs.Environment["B_FILE"] = bFile;
        _configs.Environment["B"] = "from-env-b";
        _configs.Environment["C"] = "from-env-c";

        var config = _configs.LoadValid("""
            servers:
              a:
                rcon_password: ${A}
              b:
                rcon_password: ${B}
              c:
                rcon_password: "x-${C}-y"
            """);

        Assert.Equal("from-secret-file-a", config.FindServer("a")!.Rcon!.Password.Reveal());
        Assert.Equal("from-b-file", config.FindServer("b")!.Rcon!.Password.Reveal());
        Assert.Equal("x-from-env-c-y", config.FindServer("c")!.Rcon!.Password.Reveal());
    }

    [Fact]
    public void UnresolvedSecret_IsAnErrorNamingTheVariable()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    webhook_url: ${HOOK}\n");
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((4, 18), (error.Line, error.Column));
        Assert.Contains("${HOOK}", error.Message, StringComparison.Ordinal);
        Assert.Contains("/run/secrets/HOOK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretValue_NeverAppearsInDiagnostics()
    {
        _configs.Environment["PORT"] = "s3cr3t-value";
        _configs.Environment["HOOK"] = "s3cr3t-hook";
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    rcon_port: ${PORT}\n    webhook_url: ${HOOK}\n");
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.DoesNotContain("s3cr3t", d.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_ToString_IsRedacted()
    {
        var config = _configs.LoadValid("servers:\n  main:\n    rcon_password: hunter2\n");
        Assert.DoesNotContain("hunter2", config.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", config.Servers[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IsrVariables_OverrideEverySection()
    {
        _configs.Environment["ISR_DISCORD_API_BASE_URL"] = "http://127.0.0.1:5555/api/v10";
        _configs.Environment["ISR_DISCORD_GATEWAY_BASE_URL"] = "ws://127.0.0.1:5556";
        _configs.Environment["ISR_DISCORD_GUILD_IDS"] = "11, 22,33";
        _configs.Environment["ISR_DISCORD_TOKEN"] = "tok";
        _configs.Environment["ISR_DISCORD_APPLICATION_ID"] = "44";
        _configs.Environment["ISR_STATE"] = "/var/lib/isr/state.db";
        _configs.Environment["ISR_HEALTH_HOST"] = "127.0.0.1";
        _configs.Environment["ISR_HEALTH_PORT"] = "9090";
        _configs.Environment["ISR_LOG_LEVEL"] = "debug";
        _configs.Environment["ISR_LOG_FORMAT"] = "JSON";
        _configs.Environment["ISR_OUTPUTS_CONSOLE"] = "true";
        _configs.Environment["ISR_OUTPUTS_JSONL"] = "/tmp/events.jsonl";
        _configs.Environment["ISR_PATTERNS"] = "/etc/isr/patterns";

        var settings = _configs.LoadValid("discord:\n  api_base_url: https://example.invalid/api\n" + Minimal).Settings;

        Assert.Equal(new Uri("http://127.0.0.1:5555/api/v10"), settings.Discord.ApiBaseUrl);
        Assert.Equal(new Uri("ws://127.0.0.1:5556"), settings.Discord.GatewayBaseUrl);
        Assert.Equal([11UL, 22UL, 33UL], settings.Discord.GuildIds);
        Assert.Equal("tok", settings.Discord.Token!.Reveal());
        Assert.Equal(44UL, settings.Discord.ApplicationId);
        Assert.Equal("/var/lib/isr/state.db", settings.StatePath);
        Assert.Equal(new HealthSettings("127.0.0.1", 9090), settings.Health);
        Assert.Equal(new LogSettings(IsrLogLevel.Debug, IsrLogFormat.Json), settings.Log);
        Assert.Equal(new OutputSettings(true, "/tmp/events.jsonl"), settings.Outputs);
        Assert.Equal("/etc/isr/patterns", settings.PatternsPath);
    }

    [Fact]
    public void ReferenceVariables_Work_AndIsrVariablesWin()
    {
        _configs.Environment["DISCORD_BOT_TOKEN"] = "legacy-token";
        _configs.Environment["LOG_LEVEL"] = "WARNING";
        _configs.Environment["LOG_FORMAT"] = "json";
        _configs.Environment["HEALTH_CHECK_HOST"] = "10.0.0.1";
        _configs.Environment["HEALTH_CHECK_PORT"] = "8081";
        _configs.Environment["ISR_HEALTH_PORT"] = "8082";

        var settings = _configs.LoadValid(Minimal).Settings;

        Assert.Equal("legacy-token", settings.Discord.Token!.Reveal());
        Assert.Equal(IsrLogLevel.Warning, settings.Log.Level);
        Assert.Equal(IsrLogFormat.Json, settings.Log.Format);
        Assert.Equal(new HealthSettings("10.0.0.1", 8082), settings.Health);
    }

    [Fact]
    public void ReferenceTokenSecretFile_IsRead()
    {
        _configs.Secret("DISCORD_BOT_TOKEN", "from-docker-secret");
        Assert.Equal("from-docker-secret", _configs.LoadValid(Minimal).Settings.Discord.Token!.Reveal());
    }

    [Fact]
    public void BadEnvironmentValue_IsReportedAgainstTheVariable()
    {
        _configs.Environment["ISR_HEALTH_PORT"] = "eighty";
        var error = Assert.Single(_configs.Load(Minimal).Diagnostics);
        Assert.Equal("$ISR_HEALTH_PORT:1:1: port: expected an integer, found 'eighty'", error.ToString());
    }

    [Fact]
    public void EnvironmentNames_AreDocumented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "configuration.md"));
        foreach (var setting in EnvironmentOverrides.Settings)
        {
            Assert.Contains(setting.EnvironmentVariable, docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DotEnv_ParsesCommentsExportAndQuotes()
    {
        var values = DotEnvFile.Parse(["# comment", "export A=1", "B = \"two words\"", "C='x # y'", "D=plain # trailing", "bad line"]).ToDictionary();
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words", ["C"] = "x # y", ["D"] = "plain" }, values);
    }
}
