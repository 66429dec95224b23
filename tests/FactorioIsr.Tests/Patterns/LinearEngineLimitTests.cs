using System.Globalization;
using System.Text.RegularExpressions;
using FactorioIsr.Cli;
using FactorioIsr.Configuration;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>The linear-time engine caps the size of a pattern's automaton: the load must find out, never a match.</summary>
public sealed partial class LinearEngineLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"as large as '(\d+)' nodes")]
    private static partial Regex EstimateInMessage();

    /// <summary>Shapes around the engine's limit: counted loops, nesting, +, alternations, anchors, long literals.</summary>
    public static TheoryData<string> Shapes => new()
    {
        @"(?:x{1,1000}){1,1000}y",
        @"^(a|aa){1,20000}$",
        @"^(a|aa){1,1000}$",
        @"((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)",
        @"(((((((((((a+)+)+)+)+)+)+)+)+)+)+)",
        @"\b(?:ab|cd){300}\b",
        @"(?:[a-z]\d){50,}",
        @"(?:[a-z]\d){2000,}",
        @"x{9999}",
        @"x{1999}$",
        @"x{2000}$",
        @"(?i)(?<n>a\w{10}){0,900}",
        @"(?:(?:a{3}|b){5}){100}",
        @"a*b*c?(?:d|e)*",
        new string('q', 1999) + "$",
        new string('q', 2100),
        @"(?:x{1,10}(?#c)){1,10}y",
        @"[a-z]{3000}",
        @"\p{L}{5000}",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SizeBound_IsAtLeastTheEnginesEstimate_SoUnderTheLimitTheEngineAccepts(string pattern)
    {
        var scanned = PythonRegex.Scan(pattern);
        try
        {
            _ = new Regex(scanned.DotNetPattern, PatternCompiler.Options);
            Assert.True(scanned.Shape.LinearSizeBound >= 1);
        }
        catch (NotSupportedException ex)
        {
            var estimate = long.Parse(EstimateInMessage().Match(ex.Message).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(scanned.Shape.LinearSizeBound >= estimate, $"bound {scanned.Shape.LinearSizeBound} < engine's {estimate}");
            Assert.True(scanned.Shape.LinearSizeBound > PatternCompiler.LinearSizeLimit);
        }
    }

    /// <summary>Random patterns (fixed seed) whose counted loops land around the engine's limit.</summary>
    [Fact]
    public void SizeBound_OfRandomPatterns_NeverUnderTheEnginesEstimate()
    {
        var random = new Random(20261127);
        string[] atoms = ["a", "x", @"\d", "[a-f]", ".", @"\.", "^", "$", @"\b", "é"];
        string[] quantifiers = ["", "", "*", "+", "?", "*?", "+?", "{3}", "{2,}", "{0,7}", "{,5}", "{12}", "{40,90}", "{150}"];
        string Item(int depth)
        {
            var body = depth < 3 && random.Next(3) == 0
                ? (random.Next(2) == 0 ? "(" : "(?:") + Sequence(depth + 1) + (random.Next(3) == 0 ? "|" + Sequence(depth + 1) : string.Empty) + ")"
                : atoms[random.Next(atoms.Length)];
            var quantifier = body is "^" or "$" or @"\b" ? string.Empty : quantifiers[random.Next(quantifiers.Length)];
            return body + quantifier;
        }

        string Sequence(int depth) => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Item(depth)));

        var (accepted, refused) = (0, 0);
        for (var i = 0; i < 400; i++)
        {
            var scanned = PythonRegex.Scan(Sequence(0));
            try
            {
                _ = new Regex(scanned.DotNetPattern, PatternCompiler.Options);
                accepted++;
            }
            catch (NotSupportedException ex)
            {
                refused++;
                var estimate = long.Parse(EstimateInMessage().Match(ex.Message).Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.True(scanned.Shape.LinearSizeBound >= estimate, $"{scanned.DotNetPattern}: bound {scanned.Shape.LinearSizeBound} < engine's {estimate}");
            }
            catch (ArgumentException)
            {
                // A generated pattern .NET does not parse (e.g. a quantifier after an empty group): not this test's subject.
            }
        }

        // Seen with this seed: 345 accepted, 55 refused.
        Assert.True(accepted > 50 && refused > 20, $"accepted {accepted}, refused {refused}: the generator missed the limit");
    }

    [Fact]
    public void SizeBound_OfTheShippedPacks_IsFarUnderTheLimit()
    {
        var set = TestPatterns.LoadValid(Path.Combine(RepositoryRoot.Path, "patterns"));
        Assert.All(set.Patterns, p => Assert.True(PythonRegex.Scan(p.Definition.Pattern).Shape.LinearSizeBound <= PatternCompiler.LinearSizeLimit / 4, p.Name));
    }

    [Theory]
    [InlineData(@"(?:x{1,1000}){1,1000}y")]
    [InlineData(@"^(a|aa){1,20000}$")]
    public void Compile_PatternTooLargeForTheLinearEngine_IsRefusedWithItsLocation(string pattern)
    {
        var diagnostics = new Diagnostics();
        var compiled = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "big", File = "f.yml", Line = 3, Column = 14, Pattern = pattern, Type = "server", FileIndex = 0, EntryIndex = 0,
        }, diagnostics);

        Assert.Null(compiled);
        var error = Assert.Single(diagnostics.Sorted());
        Assert.StartsWith("f.yml:3:14: pattern 'big': too complex for the linear-time engine (", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LargeButAcceptedPattern_MatchesWithoutThrowing()
    {
        var diagnostics = new Diagnostics();
        var compiled = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "wide", File = "f.yml", Line = 1, Column = 1, Pattern = @"(a|aa){1,3000}", Type = "server", FileIndex = 0, EntryIndex = 0,
        }, diagnostics)!;

        Assert.True(PythonRegex.Scan(compiled.Definition.Pattern).Shape.LinearSizeBound > PatternCompiler.LinearSizeLimit);
        Assert.False(compiled.UsesFastPath);
        Assert.Equal(900, compiled.Match("b" + new string('a', 900) + "b").Length);
        Assert.False(compiled.Match(new string('b', 900)).Success);
    }

    private static async Task<(int Code, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await IsrCli.RunAsync(args, IsrConsole.Capture(stdout, stderr, new MemoryStream()), TestContext.Current.CancellationToken);
        return (code, stderr.ToString());
    }

    private string WritePatterns() => Path.GetDirectoryName(_dir.Write("patterns/big.yml", """
        events:
          nested_counts:
            pattern: '(?:x{1,1000}){1,1000}y'
            type: server
          wide_alternation:
            pattern: '^(a|aa){1,20000}$'
            type: server
          bad_placeholder:
            pattern: 'ok (?P<who>\w+)'
            type: server
            message: "{whom}"
        """))!;

    [Fact]
    public async Task Check_PatternsTooLargeForTheLinearEngine_ExitTwoAmongTheOtherProblems()
    {
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n    rcon_port: 0\n");
        var (code, stderr) = await RunAsync("check", "--config", config, "--patterns", WritePatterns());

        Assert.Equal(ExitCodes.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("big.yml:3:14: pattern 'nested_counts': too complex for the linear-time engine (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("big.yml:6:14: pattern 'wide_alternation': too complex for the linear-time engine (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("pattern 'bad_placeholder'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("servers.yml:4:16: rcon_port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parse_PatternsTooLargeForTheLinearEngine_ExitTwoBeforeReadingALine()
    {
        var log = _dir.Write("console.log", "xxxy\n" + new string('a', 100) + "\n");
        var (code, stderr) = await RunAsync("parse", "--patterns", WritePatterns(), log);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("too complex for the linear-time engine", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }
}
