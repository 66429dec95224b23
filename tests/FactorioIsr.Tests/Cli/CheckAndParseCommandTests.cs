using System.Text;
using FactorioIsr.Cli;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Cli;

public sealed class CheckAndParseCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Patterns => Path.Combine(RepositoryRoot.Path, "patterns");

    private static async Task<(int Code, string Out, string Err, string Bytes)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var bytes = new MemoryStream();
        var code = await IsrCli.RunAsync(args, IsrConsole.Capture(stdout, stderr, bytes), TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString(), Encoding.UTF8.GetString(bytes.ToArray()));
    }

    [Fact]
    public async Task Check_ValidConfig_ExitsZeroWithSummary()
    {
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n  other:\n    log_path: b.log\n    enabled: false\n");
        var (code, stdout, _, _) = await RunAsync("check", "--config", config, "--patterns", Patterns);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("2 server(s), 1 enabled", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ShippedPacks_CountTheModEntries()
    {
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    mod_events_path: /factorio/script-output/isr\n");
        var (code, stdout, stderr, _) = await RunAsync("check", "--config", config, "--patterns", Patterns);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(stderr);
        Assert.Contains(": OK (13 of them match mod events on type)", stdout, StringComparison.Ordinal); // patterns/mod.yml: 14 entries, 1 disabled
    }

    [Fact]
    public async Task Check_InvalidConfigAndPatterns_ExitsTwoListingEveryProblem()
    {
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n    rcon_port: 0\n    colour: red\n");
        var patterns = _dir.Write("patterns/bad.yml", "events:\n  x:\n    pattern: '(?=no)'\n");
        var (code, _, stderr, _) = await RunAsync("check", "--config", config, "--patterns", Path.GetDirectoryName(patterns)!);

        Assert.Equal(ExitCodes.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith("servers.yml:4:16: rcon_port: 0 is out of range 1..65535", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("servers.yml:5:5: servers.main: unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("bad.yml:3:14: pattern 'x'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parse_File_PrintsJsonLines()
    {
        var log = _dir.Write("console.log", "2025-11-18 01:56:09 [JOIN] Alice joined the game\nnoise\n");
        var (code, _, stderr, json) = await RunAsync("parse", "--patterns", Patterns, log);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("{\"line\":1,\"type\":\"join\",\"player\":\"Alice\",\"message\":null,\"pattern\":\"player_join\",\"text\":\"✅👋 **Alice** joined the server\"}\n", json);
        Assert.Contains("2 lines, 1 matched", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_MissingFile_ExitsTwoWithOneLine()
    {
        var (code, _, stderr, _) = await RunAsync("parse", "--patterns", Patterns, Path.Combine(_dir.Path, "missing.log"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Parse_BadSource_ExitsTwo()
    {
        var (code, _, stderr, _) = await RunAsync("parse", "--source", "syslog", "x.log");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("syslog", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("parse")]
    [InlineData("run")]
    [InlineData("version")]
    [InlineData("demo")]
    [InlineData("simulate")]
    [InlineData("rcon")]
    public async Task Help_OfEveryVerb_SaysWhatItDoesWithAnExample(string verb)
    {
        var (code, stdout, _, _) = await RunAsync(verb, "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Example", stdout, StringComparison.Ordinal);
        Assert.Contains("isr " + verb, stdout, StringComparison.Ordinal);
    }
}
