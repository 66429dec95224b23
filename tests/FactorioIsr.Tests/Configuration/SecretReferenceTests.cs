using FactorioIsr.Configuration;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary>Malformed <c>${...}</c> is an error, <c>$${</c> is a literal, and resolved secrets are never printed.</summary>
public sealed class SecretReferenceTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void MalformedReferences_AreErrorsWithTheirLocation()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    name: \"${ALSO-BAD} and ${}\"\n    description: \"${UNCLOSED\"\n");

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "servers.yml:4:11: name: invalid secret reference '${ALSO-BAD}': names are letters, digits and _ (write $${ for a literal ${)",
                "servers.yml:4:11: name: invalid secret reference '${}': names are letters, digits and _ (write $${ for a literal ${)",
                "servers.yml:5:18: description: invalid secret reference '${UNCLOSED': no closing '}'",
            ],
            result.Diagnostics.Select(d => $"{Path.GetFileName(d.File)}:{d.Line}:{d.Column}: {d.Message}"));
    }

    [Fact]
    public void DoubledDollar_IsALiteralReference_AndNothingIsResolved()
    {
        _configs.Environment["HOME_DIR"] = "resolved";
        var config = _configs.LoadValid("servers:\n  main:\n    log_path: a.log\n    name: \"cost $${HOME_DIR} and $5, ${HOME_DIR}\"\n");

        Assert.Equal("cost ${HOME_DIR} and $5, resolved", config.FindServer("main")!.Name);
    }

    [Fact]
    public void ResolvedSecret_IsRedactedInDiagnosticsThatEchoASetting()
    {
        _configs.Environment["LOG_DIR"] = "s3cr3t-dir";
        var result = _configs.Load("servers:\n  main:\n    log_path: ${LOG_DIR}/a.log\n    sources:\n      - kind: console\n        path: ${LOG_DIR}/a.log\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.Contains("${LOG_DIR}/a.log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redactor_ReplacesEverySecretLongestFirst()
    {
        _configs.Environment["A"] = "abcd";
        _configs.Environment["AB"] = "abcdefgh";
        var config = _configs.LoadValid("state: /x/${AB}/${A}.db\nservers:\n  main:\n    log_path: a.log\n");

        Assert.Equal("/x/abcdefgh/abcd.db", config.Settings.StatePath);
        Assert.Equal("/y/${AB}/${A}.db", config.Secrets.Redact("/y/abcdefgh/abcd.db"));
    }

    [Fact]
    public void Redactor_ShortNumericAndBooleanValues_AreNotSecretsAndDoNotGarbleMessages()
    {
        // A number or a boolean from ${NAME} is no secret: replacing every "1" would turn '27015x' into '270${S}5x'.
        _configs.Environment["S"] = "1";
        _configs.Environment["ON"] = "true";
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    stats_interval: ${S}\n    enable_alerts: ${ON}\n    rcon_port: 27015x\n");

        var port = Assert.Single(result.Diagnostics, d => d.Message.Contains("rcon_port", StringComparison.Ordinal));
        Assert.Contains("'27015x'", port.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("${", StringComparison.Ordinal));
    }

    [Fact]
    public void Redactor_ReplacementIsNeverSearchedAgain()
    {
        var redactor = new SecretRedactor();
        redactor.Add("LONG", "secret-value");
        redactor.Add("X", "{LONG}");

        Assert.Equal("a ${LONG} b ${X}", redactor.Redact("a secret-value b {LONG}"));
    }

    [Fact]
    public void ValueFromTheEnvironment_IsLiteral_SoASecretHoldingDollarBraceIsNeitherResolvedNorEchoed()
    {
        _configs.Secret("DISCORD_BOT_TOKEN", "tok${en-part");
        _configs.Environment["ISR_DISCORD_MENTIONS_PATH"] = "m${x}.yml";

        var settings = _configs.LoadValid("servers:\n  main:\n    log_path: a.log\n").Settings;

        Assert.Equal("tok${en-part", settings.Discord.Token!.Reveal());
        Assert.Equal("m${x}.yml", settings.Discord.MentionsPath);
    }
}
