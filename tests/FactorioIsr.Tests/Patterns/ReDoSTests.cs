using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

public sealed class ReDoSTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CompiledPattern Compile(string pattern)
    {
        var diagnostics = new Diagnostics();
        var compiled = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "p", File = "f.yml", Line = 1, Column = 1, Pattern = pattern, Type = "server", Template = "{message}", FileIndex = 0, EntryIndex = 0,
        }, diagnostics);
        Assert.True(compiled is not null, string.Join("\n", diagnostics.Sorted()));
        return compiled;
    }

    private static Regex Linear(string pattern) => new(PythonRegex.Scan(pattern).DotNetPattern, PatternCompiler.Options);

    [Theory]
    [InlineData(@"^(a|aa)+$")]
    [InlineData(@"^(a+)+$")]
    [InlineData(@"^(a|a)*$")]
    [InlineData(@"^(\w+\s?)*$")]
    [InlineData(@"(x+x+)+y")]
    [InlineData(@"(?:a|b){2,}")]
    [InlineData(@"(?:a|b){2,3}")]
    [InlineData(@"(?:a|b){4}")]
    [InlineData(@"(?:a|b){,5}")]
    [InlineData(@"(?P<w>a?a)+")]
    [InlineData(@"(?<w>a|b)*")]
    [InlineData(@"(?'w'a|b)*")]
    [InlineData(@"(?i:a|aa)+")]
    [InlineData(@"((?:a|b)c)+")]
    [InlineData(@"(x(y(z*)))*")]
    [InlineData(@"(?:a(?#c)|b)+")]
    [InlineData(@"(a|b)(?#c)+")]
    [InlineData(@"(a|aa)+?")]
    [InlineData(@"(?x) a b")]
    public void ExponentialShapes_RunOnTheLinearEngineFromTheStart(string pattern)
    {
        Assert.True(PythonRegex.Scan(pattern).Shape.Exponential);
        Assert.False(Compile(pattern).UsesFastPath);
    }

    [Theory]
    [InlineData(@"(\w+) (.+)")]
    [InlineData(@"(?:\.\d+)?")]
    [InlineData(@"^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? )?\[CHAT\] (?P<player><server>|[\w.-]+)(?: \[(?P<tag>[^\]]*)\])?: (?P<message>.*\S.*)$")]
    [InlineData(@"(a|b)")]
    [InlineData(@"(a|b)?")]
    [InlineData(@"(a|b){1}")]
    [InlineData(@"(a|b){0,1}")]
    [InlineData(@"(ab)+")]
    [InlineData(@"(?:abc){3}")]
    [InlineData(@"[(|+)]+")]
    [InlineData(@"\(a|b\)+")]
    [InlineData(@".*.*.*=")]
    [InlineData(@"[a-z]*[a-y]*[a-x]*!")]
    public void OtherShapes_KeepTheBacktrackingFastPath(string pattern)
    {
        Assert.False(PythonRegex.Scan(pattern).Shape.Exponential);
        Assert.True(Compile(pattern).UsesFastPath);
    }

    [Fact]
    public void ShippedPacks_KeepTheFastPath()
    {
        var (set, diagnostics) = PatternSet.Load(Path.Combine(RepositoryRoot.Path, "patterns"));
        Assert.True(set is not null, string.Join("\n", diagnostics));
        Assert.NotEmpty(set.Patterns);
        Assert.All(set.Patterns, p => Assert.True(p.UsesFastPath, p.Name));
    }

    /// <summary>Each ReDoS shape with a line that makes backtracking blow up, and one it matches.</summary>
    public static TheoryData<string, string, string> Adversarial => new()
    {
        { @"^(a|aa)+$", new string('a', 60) + "b", new string('a', 60) },
        { @"^(a+)+$", new string('a', 60) + "b", new string('a', 60) },
        { @"^(a|a)*$", new string('a', 60) + "b", new string('a', 60) },
        { @"^(\w+\s?)*$", string.Concat(Enumerable.Repeat("ab ", 30)) + "!", "ab cd" },
        { @"(x+x+)+y", new string('x', 60), new string('x', 60) + "y" },
        { @".*.*.*=", new string('x', 20_000), "x = y" },
        { @"^[a-z]*[a-y]*[a-x]*!", new string('a', 5_000), "abc!" },
        { @"\w*\d*\w*!", new string('1', 3_000), "a1!" },
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public async Task Parse_OfTwoHundredBadLines_EqualsTheLinearEngine_AndCostsAboutOneBudget(string pattern, string bad, string good)
    {
        var lines = Enumerable.Range(0, 200).Select(i => i % 10 == 0 ? good : bad).ToArray();
        var compiled = Compile(pattern);
        var disabled = 0;
        void OnDisabled(CompiledPattern p)
        {
            if (ReferenceEquals(p, compiled))
            {
                Interlocked.Increment(ref disabled);
            }
        }

        CompiledPattern.FastPathDisabled += OnDisabled;
        var output = new MemoryStream();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var pipeline = new LogParsePipeline(PatternSet.Create([compiled]), LogSourceKind.Console, "s", true);
            await pipeline.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")), output, TestContext.Current.CancellationToken);
        }
        finally
        {
            CompiledPattern.FastPathDisabled -= OnDisabled;
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        // Exponential shapes never try the backtracking engine; the others are struck at most once.
        Assert.True(disabled <= (PythonRegex.Scan(pattern).Shape.Exponential ? 0 : 1), $"disabled {disabled} times");
        var linear = Linear(pattern);
        var matched = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").ValueKind != JsonValueKind.Null).ToArray();
        Assert.Equal(lines.Select(l => linear.IsMatch(l)), matched);
        Assert.Contains(true, matched);
    }

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Match_GivesTheLinearEnginesMatch_BeforeAndAfterAStrike(string pattern, string bad, string good)
    {
        var compiled = Compile(pattern);
        var linear = Linear(pattern);
        foreach (var line in new[] { good, bad, good, bad })
        {
            var expected = linear.Match(line);
            var actual = compiled.Match(line);
            Assert.Equal((expected.Success, expected.Index, expected.Length), (actual.Success, actual.Index, actual.Length));
        }
    }

    [Fact]
    public void OneStrike_SwitchesThePatternToTheLinearEngineForGood()
    {
        var compiled = Compile(@"^[a-z]*[a-y]*[a-x]*!");
        Assert.True(compiled.UsesFastPath);
        var line = new string('a', 20_000);

        var stopwatch = Stopwatch.StartNew();
        Assert.False(compiled.Match(line).Success);
        Assert.False(compiled.UsesFastPath);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");

        Assert.True(compiled.Match("abc!").Success);
        Assert.False(compiled.UsesFastPath);
    }

    [Fact]
    public async Task IsrParse_PolynomialPatternOnBadLines_WarnsOnceAndFinishesFast()
    {
        var patterns = Path.GetDirectoryName(_dir.Write("patterns/p.yml", """
            events:
              slow:
                pattern: '^[a-z]*[a-y]*[a-x]*!'
                type: server
                message: "{message}"
            """))!;
        var log = _dir.Write("bad.log", string.Concat(Enumerable.Repeat(new string('a', 5_000) + "\n", 200)) + "abc!\n");
        var stderr = new StringWriter();
        var stopwatch = Stopwatch.StartNew();
        var code = await FactorioIsr.Cli.IsrCli.RunAsync(["parse", "--patterns", patterns, log], FactorioIsr.Cli.IsrConsole.Capture(new StringWriter(), stderr, new MemoryStream()), TestContext.Current.CancellationToken);

        Assert.Equal(FactorioIsr.Cli.ExitCodes.Ok, code);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        var warning = Assert.Single(stderr.ToString().Split('\n'), l => l.Contains("warning", StringComparison.Ordinal));
        Assert.Contains("pattern 'slow'", warning, StringComparison.Ordinal);
        Assert.Contains("201 lines, 1 matched", stderr.ToString(), StringComparison.Ordinal);
    }
}
