using FactorioIsr.Patterns;

namespace FactorioIsr.Tests.Patterns;

public sealed class PythonRegexTests
{
    [Theory]
    [InlineData(@"(?P<player>\w+) x", @"(?<player>\w+) x")]
    [InlineData(@"a{,3}b", @"a{0,3}b")]
    [InlineData(@"end\Z", @"end\z")]
    [InlineData(@"[(?P<no>)]", @"[(?P<no>)]")]
    [InlineData(@"\(?P<no>", @"\(?P<no>")]
    public void Scan_TranslatesPythonSyntax(string python, string dotnet) => Assert.Equal(dotnet, PythonRegex.Scan(python).DotNetPattern);

    [Fact]
    public void Scan_NumbersGroupsThePythonWay()
    {
        var scanned = PythonRegex.Scan(@"(?P<a>x)(y)(?:z)(?<b>w)(?'c'v)(u)(?=t)(?i:s)");
        Assert.Equal(["a", null, "b", "c", null], scanned.Groups);
    }

    [Theory]
    [InlineData(@"^(?:\d{4} )?\[CHAT\] (\w+): (.+)$", "[CHAT] ")]
    [InlineData(@"(\w+) was killed by (.+)\.$", " was killed by ")]
    [InlineData(@"abc?defg", "defg")]
    [InlineData(@"ab+cdef", "cdef")]
    [InlineData(@"x{2}yz", "yz")]
    [InlineData(@"\[TASK\]|\[TODO\]", null)]
    [InlineData(@"(?x) a b c d", null)]
    [InlineData(@"\x41\x42", null)]
    [InlineData(@"a", null)]
    [InlineData(@"^(?P<message>Cannot execute command\. Error: .*)$", "Cannot execute command. Error: ")]
    [InlineData(@"(?:abc)+de", "abc")]
    [InlineData(@"(?i)hello", "hello")]
    [InlineData(@"(?:ab|cd)efg", "efg")]
    [InlineData(@"(abcd)?efg", "efg")]
    [InlineData(@"(?<name>x)yz", "xyz")]
    [InlineData(@"(?'name'wx)yz", "wxyz")]
    [InlineData(@"a(?:bc)*de", "de")]
    public void Scan_FindsALiteralEveryMatchContains(string pattern, string? literal) =>
        Assert.Equal(literal, PythonRegex.Scan(pattern).RequiredLiteral);

    [Theory]
    [InlineData(@"(a+)+$", true)]
    [InlineData(@"(?:\w+\s?)*x", true)]
    [InlineData(@"((ab)*c)+", true)]
    [InlineData(@"(a|aa)+", true)]
    [InlineData(@"(?P<x>(?:b|c)d){2}", true)]
    [InlineData(@"(\w+) (.+)", false)]
    [InlineData(@"(?:\.\d+)?", false)]
    [InlineData(@"(?:a|b)?", false)]
    public void Scan_FlagsExponentialShapes(string pattern, bool exponential) =>
        Assert.Equal(exponential, PythonRegex.Scan(pattern).Shape.Exponential);

    /// <summary>The linear engine is built lazily, so the scanner must refuse everything that engine refuses.</summary>
    [Theory]
    [InlineData(@"\Gx")]
    [InlineData(@"(?(x)a|b)")]
    [InlineData(@"(?<a>x)(?<b-a>y)")]
    [InlineData(@"(?'a'x)(?'b-a'y)")]
    [InlineData(@"(?>x)")]
    [InlineData(@"(?=x)")]
    [InlineData(@"(?!x)")]
    [InlineData(@"(?<=x)")]
    [InlineData(@"(?<!x)")]
    [InlineData(@"(x)\1")]
    [InlineData(@"(?<a>x)\k<a>")]
    [InlineData(@"(?P<a>x)(?P=a)")]
    public void Scan_RefusesEveryConstructTheLinearEngineRefuses(string pattern)
    {
        var scanned = PythonRegex.Scan(pattern);
        Assert.NotNull(scanned.Problem);
        if (!pattern.Contains("(?P=", StringComparison.Ordinal))
        {
            Assert.Throws<NotSupportedException>(() => new System.Text.RegularExpressions.Regex(scanned.DotNetPattern, PatternCompiler.Options));
        }
    }

    [Theory]
    [InlineData(@"x(?i)y")]
    [InlineData(@"(?x) a # c")]
    [InlineData(@"\p{L}+")]
    [InlineData(@"[\w-[\d]]")]
    [InlineData(@"(?#comment)x")]
    [InlineData(@"(?:a|b)(?<n>c)")]
    public void Scan_AcceptsWhatTheLinearEngineRuns(string pattern)
    {
        var scanned = PythonRegex.Scan(pattern);
        Assert.Null(scanned.Problem);
        _ = new System.Text.RegularExpressions.Regex(scanned.DotNetPattern, PatternCompiler.Options);
    }

    [Fact]
    public void NestedQuantifierPattern_RunsOnTheLinearEngine_AndStaysFast()
    {
        var diagnostics = new FactorioIsr.Configuration.Diagnostics();
        var pattern = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "evil", File = "f", Line = 1, Column = 1, Pattern = @"^(a+)+$", Type = "server", FileIndex = 0, EntryIndex = 0,
        }, diagnostics)!;

        Assert.False(pattern.UsesFastPath);
        var evil = new string('a', 50_000) + "!";
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(pattern.Match(evil).Success);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void PolynomialPattern_FallsBackToTheLinearEngineAfterOneBudget()
    {
        var diagnostics = new FactorioIsr.Configuration.Diagnostics();
        var pattern = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "polynomial", File = "f", Line = 1, Column = 1, Pattern = @"[a-z]*[a-y]*[a-x]*c!", Type = "server", FileIndex = 0, EntryIndex = 0,
        }, diagnostics)!;

        Assert.True(pattern.UsesFastPath);
        var line = new string('a', 5_000);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(pattern.Match(line).Success);
        Assert.False(pattern.UsesFastPath);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");

        // From now on the linear engine answers at once.
        stopwatch.Restart();
        Assert.False(pattern.Match(line).Success);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Pattern_StartsInterpreted_IsCompiledInTheBackgroundOnceHot_SameResults()
    {
        var diagnostics = new FactorioIsr.Configuration.Diagnostics();
        var pattern = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "hot", File = "f", Line = 1, Column = 1, Pattern = @"^\[CHAT\] (?P<player>\w+): (?P<message>.*)$", Type = "chat", FileIndex = 0, EntryIndex = 0,
        }, diagnostics)!;

        Assert.False(pattern.IsCompiled);
        for (var i = 0; i < CompiledPattern.CompileAfterUses; i++)
        {
            Assert.Equal("Bob", pattern.Match("[chat] Bob: hi " + i).Groups["player"].Value);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!pattern.IsCompiled && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(pattern.IsCompiled);
        Assert.True(pattern.UsesFastPath);
        Assert.Equal("hi there", pattern.Match("[CHAT] Ann: hi there").Groups["message"].Value);
        Assert.False(pattern.Match("[JOIN] Ann joined").Success);
    }
}
