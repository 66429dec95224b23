using System.Diagnostics;
using System.Text;
using FactorioIsr.Cli;
using FactorioIsr.Configuration;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

/// <summary>Issue 11, configuration parser limits (items 8, 9, 11, 12) and the check side of special files (5, 6, 13).</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    private static Diagnostic SingleError(ConfigLoadResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void DeeplyNestedFlowLists_AreRefusedAtOnce_AtTheFirstLevelTooDeep()
    {
        // 200 KB, under the size cap: this overflowed the stack after 35 s.
        var yaml = "servers: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var clock = Stopwatch.StartNew();
        var error = SingleError(_configs.Load(yaml));
        clock.Stop();

        Assert.Equal((1, 9 + YamlLimitFilter.MaxDepth), (error.Line, error.Column)); // the root mapping is level 1
        Assert.StartsWith($"YAML: nesting is deeper than {YamlLimitFilter.MaxDepth} levels", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void DeeplyNestedBlockMappings_AreRefused()
    {
        var yaml = new StringBuilder("servers:\n");
        for (var i = 0; i < 200; i++)
        {
            yaml.Append(' ', 2 * (i + 1)).Append("k:\n");
        }

        Assert.Contains("nesting is deeper than", SingleError(_configs.Load(yaml.ToString())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyValues_AreRefused_BeforeATreeIsBuilt()
    {
        var yaml = "servers: [" + string.Join(',', Enumerable.Repeat('1', YamlLimitFilter.MaxNodes + 1)) + "]\n";
        Assert.Contains($"more than {YamlLimitFilter.MaxNodes} values", SingleError(_configs.Load(yaml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AliasesCount_AsWhatTheyRepeat()
    {
        var yaml = new StringBuilder("servers: {}\nx-a0: &a0 [" + string.Join(',', Enumerable.Repeat("x", 10)) + "]\n");
        for (var i = 1; i < 8; i++)
        {
            yaml.Append($"x-a{i}: &a{i} [" + string.Join(',', Enumerable.Repeat($"*a{i - 1}", 10)) + "]\n");
        }

        var error = SingleError(_configs.Load(yaml.ToString()));
        Assert.Contains("aliases counted as what they repeat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevZeroAsConfig_IsRefusedWithoutReading()
    {
        var load = Task.Run(() => ConfigLoader.Load("/dev/zero", new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent")), TestContext.Current.CancellationToken);
        var result = await load.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("/dev/zero:1:1: is a character device, not a regular file; give the path of a YAML file", SingleError(result).ToString());
    }

    [Fact]
    public async Task FifoAsConfig_IsRefusedWithoutOpening()
    {
        var fifo = MakeFifo(_configs.Root, "servers.yml");
        var load = Task.Run(() => ConfigLoader.Load(fifo, new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent")), TestContext.Current.CancellationToken);
        var result = await load.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.EndsWith("is a FIFO (named pipe), not a regular file; give the path of a YAML file", SingleError(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FifoInThePatternsDirectory_IsRefusedWithoutOpening()
    {
        var patterns = Path.Combine(_configs.Root, "patterns");
        Directory.CreateDirectory(patterns);
        MakeFifo(patterns, "x.yml");
        var (set, diagnostics) = await Task.Run(() => PatternSet.Load(patterns), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Null(set);
        Assert.Contains("is a FIFO (named pipe)", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryAsConfig_SaysItIsADirectory()
    {
        var error = SingleError(ConfigLoader.Load(_configs.Root, new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent")));
        Assert.Equal($"is a directory, not a configuration file; pass --config {Path.Combine(_configs.Root, "servers.yml")}", error.Message);
    }

    [Fact]
    public void Latin1Byte_IsReportedWhereItIs()
    {
        var path = Path.Combine(_configs.Root, "servers.yml");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("servers:\n  main:\n    log_path: /srv/caf"), 0xE9, .. Encoding.ASCII.GetBytes(".log\n")]);
        var error = SingleError(ConfigLoader.Load(path, new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent")));
        Assert.Equal((3, 23), (error.Line, error.Column));
        Assert.StartsWith("byte 0xE9 is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8WithByteOrderMark_AndUtf16_Load()
    {
        var path = Path.Combine(_configs.Root, "servers.yml");
        var yaml = "servers:\n  main:\n    log_path: /srv/café.log\n";
        foreach (var encoding in new Encoding[] { new UTF8Encoding(true), new UnicodeEncoding(false, true) })
        {
            File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(yaml)]);
            var result = ConfigLoader.Load(path, new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent"));
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal("/srv/café.log", result.Configuration!.Servers[0].Sources[0].Path);
        }
    }

    [Theory]
    [InlineData("servers:\n  main:\n\tlog_path: a.log\n", 3, 1)]
    [InlineData("servers:\n  main:\n    log_path: a.log\n\t  rcon_port: 1\n", 4, 1)]
    [InlineData("servers:\n  main:\n    log_path: a.log\n    rcon_host: x\n  \tother: y\n", 5, 3)]
    public void TabIndentation_IsReportedAtTheTab(string yaml, int line, int column)
    {
        var error = SingleError(_configs.Load(yaml));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("tab", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("{dir}", "a directory")]
    [InlineData("{fifo}", "a FIFO (named pipe)")]
    public void Check_LogPathThatIsNotARegularFile_IsAnError_RunWarns(string logPath, string kind)
    {
        logPath = logPath.Replace("{dir}", _configs.Root, StringComparison.Ordinal).Replace("{fifo}", Path.Combine(_configs.Root, "fifo.log"), StringComparison.Ordinal);
        if (logPath.EndsWith("fifo.log", StringComparison.Ordinal))
        {
            MakeFifo(_configs.Root, "fifo.log");
        }

        var config = _configs.WriteFile("servers.yml", $"servers:\n  main:\n    log_path: {logPath}\n");
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, CheckCommand.Run(config, Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), TextWriter.Null, stderr));
        Assert.Contains($"servers.yml:3:15: servers.main: log file {logPath} is {kind}; a log source must be a regular file (or a symbolic link to one); isr run retries it until it is one", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("denied", stderr.ToString(), StringComparison.OrdinalIgnoreCase);

        var run = _configs.Load($"servers:\n  main:\n    log_path: {logPath}\n");
        Assert.True(run.Succeeded, string.Join("\n", run.Diagnostics));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.Diagnostics).Severity);
    }

    [Fact]
    public void Check_LogPathSymlinkToARegularFile_OrMissing_IsFine()
    {
        var target = _configs.WriteFile("a.log", "line\n");
        var link = Path.Combine(_configs.Root, "console.log");
        File.CreateSymbolicLink(link, target);
        var config = _configs.WriteFile("servers.yml", $"servers:\n  main:\n    log_path: {link}\n    current_log_path: {Path.Combine(_configs.Root, "missing.log")}\n");
        var stderr = new StringWriter();
        Assert.True(ExitCodes.Ok == CheckCommand.Run(config, Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(_configs.Environment, _configs.SecretsDirectory), TextWriter.Null, stderr), stderr.ToString());
    }

    [Fact]
    public async Task CheckVerb_ConfigThatIsADirectory_SaysSo()
    {
        var stderr = new StringWriter();
        var code = await IsrCli.RunAsync(["check", "--config", _configs.Root], IsrConsole.Capture(TextWriter.Null, stderr, new MemoryStream()), TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{_configs.Root}:1:1: is a directory, not a configuration file", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not found", stderr.ToString(), StringComparison.Ordinal);
    }

    private static string MakeFifo(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
