using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

public sealed class PatternLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (PatternSet? Set, IReadOnlyList<Diagnostic> Diagnostics) Load(params (string File, string Yaml)[] files)
    {
        foreach (var (file, yaml) in files)
        {
            _dir.Write(file, yaml);
        }

        return PatternSet.Load(_dir.Path);
    }

    private Diagnostic SingleError(string yaml)
    {
        var (set, diagnostics) = Load(("p.yml", yaml));
        Assert.Null(set);
        return Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void ReferenceSchema_EveryKeyLoads()
    {
        var (set, diagnostics) = Load(("p.yml", """
            events:
              my_event:
                pattern: 'x (?P<player>\w+)'
                type: join
                emoji: "🎉"
                message: "**{player}** did x"
                enabled: true
                priority: 3
                channel: general
                description: Something
            """));

        Assert.Empty(diagnostics);
        var pattern = Assert.Single(set!.Patterns);
        Assert.Equal(("my_event", "join", "🎉", "**{player}** did x", 3, "general", "Something"),
            (pattern.Name, pattern.Type, pattern.Definition.Emoji, pattern.Definition.Template, pattern.Definition.Priority, pattern.Definition.Channel, pattern.Definition.Description));
        Assert.Equal([LogSourceKind.Console], pattern.Definition.Sources);
    }

    [Fact]
    public void Defaults_TypeIsNameAndTemplateIsPlayerColonMessage()
    {
        var (set, _) = Load(("p.yml", "events:\n  chat:\n    pattern: '(\\w+) says (.+)'\n"));
        var pattern = Assert.Single(set!.Patterns);
        Assert.Equal(("chat", "{player}: {message}", 10), (pattern.Type, pattern.Definition.Template, pattern.Definition.Priority));
        Assert.Equal("Bob: hi", EventRenderer.Render(set.Match(LogSourceKind.Console, "Bob says hi")!, "s", "Bob says hi"));
    }

    [Fact]
    public void Source_FromFileOrEntry_SelectsLogKinds()
    {
        var (set, _) = Load(("p.yml", """
            source: current
            events:
              a:
                pattern: 'alpha'
              b:
                pattern: 'beta'
                source: [console, mod]
            """));

        Assert.NotNull(set!.Match(LogSourceKind.Current, "alpha"));
        Assert.Null(set.Match(LogSourceKind.Console, "alpha"));
        Assert.NotNull(set.Match(LogSourceKind.Mod, "beta"));
        Assert.Null(set.Match(LogSourceKind.Current, "beta"));
    }

    [Fact]
    public void NamedGroups_AreFreePlaceholders()
    {
        var (set, _) = Load(("p.yml", """
            events:
              vehicle:
                pattern: '(?P<player>\w+) was run over by (?P<vehicle>[\w-]+) driven by (?P<driver>\w+)'
                type: death
                message: "**{player}** was run over by a {vehicle} ({driver}) on {server}"
            """));

        var match = set!.Match(LogSourceKind.Console, "Bob was run over by car driven by Alice")!;
        Assert.Equal("**Bob** was run over by a car (Alice) on main", EventRenderer.Render(match, "main", "x"));
    }

    [Fact]
    public void PythonNumbering_UnnamedGroupsKeepPositionalMeaning()
    {
        // Python numbers all groups left to right: group 1 is named, group 2 unnamed (the message).
        var (set, _) = Load(("p.yml", "events:\n  x:\n    pattern: '(?P<who>\\w+) said (.+)'\n    message: '{who}/{player}/{message}'\n"));
        var match = set!.Match(LogSourceKind.Console, "Bob said hi")!;
        Assert.Null(match.Player); // group 1 is named 'who', so no positional player
        Assert.Equal("hi", match.Message);
    }

    private Diagnostic SingleWarning(string yaml, int patterns = 0)
    {
        var (set, diagnostics) = Load(("p.yml", yaml));
        Assert.True(set is not null, string.Join("\n", diagnostics));
        Assert.Equal(patterns, set.Patterns.Count);
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        return warning;
    }

    [Fact]
    public void UnknownEntryKey_SkipsTheEntry_AsTheReference_WithAWarningAndSuggestion()
    {
        var warning = SingleWarning("events:\n  a:\n    pattern: x\n    priorty: 3\n");
        Assert.Equal((4, 5), (warning.Line, warning.Column));
        Assert.Equal("pattern 'a': unknown key 'priorty' (did you mean 'priority'?); skipped", warning.Message);
    }

    [Fact]
    public void InvalidRegex_SkipsTheEntry_NamingFileLineAndPattern()
    {
        var warning = SingleWarning("events:\n  broken:\n    pattern: '(unclosed'\n    type: chat\n");
        Assert.EndsWith("p.yml", warning.File, StringComparison.Ordinal);
        Assert.Equal(3, warning.Line);
        Assert.StartsWith("pattern 'broken': invalid regex", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("; skipped", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"(?=lookahead)x", "cannot run")]
    [InlineData(@"x(?<!lookbehind)", "cannot run")]
    [InlineData(@"(?>atomic)", "cannot run")]
    [InlineData(@"(\w)\1", "backreference")]
    [InlineData(@"(?P<a>\w)(?P=a)", "backreference")]
    public void ConstructsTheLinearEngineCannotRun_AreRejectedAtLoad(string regex, string expected)
    {
        var error = SingleError($"events:\n  unsafe:\n    pattern: '{regex}'\n");
        Assert.Contains("pattern 'unsafe'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPlaceholder_SkipsTheEntry_AtItsMessage()
    {
        var warning = SingleWarning("events:\n  a:\n    pattern: '(?P<player>\\w+) x'\n    message: '{player} by {cause}'\n    type: death\n");
        Assert.Equal((4, 14), (warning.Line, warning.Column));
        Assert.Contains("{cause}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("(?P<cause>", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypes_AreDefaulted_WithAWarningEach()
    {
        var (set, diagnostics) = Load(("p.yml", "events:\n  a:\n    pattern: x\n    priority: high\n    enabled: sometimes\n    type: chat\n"));
        var pattern = Assert.Single(set!.Patterns);
        Assert.Equal((10, true), (pattern.Definition.Priority, pattern.Definition.Enabled));
        Assert.Equal(
            ["p.yml:4:15: warning: pattern 'a': priority 'high' is not an integer; using 10", "p.yml:5:14: warning: pattern 'a': enabled 'sometimes' is not true or false; the pattern is enabled"],
            diagnostics.Select(d => d.ToString()[(d.ToString().LastIndexOf('/') + 1)..]));
    }

    [Fact]
    public void DuplicateNameAcrossFiles_FirstWinsWithWarning()
    {
        var (set, diagnostics) = Load(("a.yml", "events:\n  same:\n    pattern: first\n"), ("b.yaml", "events:\n  same:\n    pattern: second\n"));
        Assert.NotNull(set!.Match(LogSourceKind.Console, "first"));
        Assert.Null(set.Match(LogSourceKind.Console, "second"));
        var duplicate = Assert.Single(diagnostics, d => d.Message.Contains("already defined", StringComparison.Ordinal));
        Assert.Equal(DiagnosticSeverity.Warning, duplicate.Severity);
    }

    [Fact]
    public void EqualPriorities_TieByFileNameThenOrder()
    {
        var (set, _) = Load(
            ("b.yml", "events:\n  b1:\n    pattern: 'x'\n"),
            ("a.yml", "events:\n  a2:\n    pattern: 'x'\n  a1:\n    pattern: 'x'\n"),
            ("c.yml", "events:\n  c1:\n    pattern: 'x'\n    priority: 1\n"));
        Assert.Equal(["c1", "a2", "a1", "b1"], set!.Patterns.Select(p => p.Name));
        Assert.Equal("c1", set.Match(LogSourceKind.Console, "x")!.Pattern.Name);
    }

    [Fact]
    public void OversizedFile_IsRefused()
    {
        var error = SingleError("events:\n  a:\n    pattern: x\n# " + new string('x', (int)PatternDefaults.MaxFileBytes));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyPatternsInOneFile_IsRefused()
    {
        var yaml = "events:\n" + string.Concat(Enumerable.Range(0, PatternDefaults.MaxEntriesPerFile + 1).Select(i => $"  p{i}:\n    pattern: 'x{i}'\n"));
        Assert.Contains("split the file", SingleError(yaml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectory_NamedExplicitly_IsAnError()
    {
        var (set, diagnostics) = PatternSet.Load(Path.Combine(_dir.Path, "missing"));
        Assert.Null(set);
        Assert.Equal("patterns directory not found; pass --patterns DIR (or fix the 'patterns' setting)", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void DefaultDirectory_IsLocalPatterns_ElseTheShippedPacks()
    {
        Assert.Equal(PatternsDirectory.Shipped, PatternsDirectory.Resolve(null, null, _dir.Path));
        Assert.NotNull(TestPatterns.LoadValid(PatternsDirectory.Resolve(null, null, _dir.Path)));

        Directory.CreateDirectory(_dir.Combine("patterns"));
        Assert.Equal(_dir.Combine("patterns"), PatternsDirectory.Resolve(null, null, _dir.Path));
        Assert.Equal("mine", PatternsDirectory.Resolve(null, "mine", _dir.Path));
        Assert.Equal("opt", PatternsDirectory.Resolve("opt", "mine", _dir.Path));
    }

    [Fact]
    public void PatternsPathThatIsAFile_SaysSo()
    {
        var file = _dir.Write("not-a-dir.yml", "events: {}\n");
        var (set, diagnostics) = PatternSet.Load(file);
        Assert.Null(set);
        Assert.StartsWith("is a file, not a patterns directory", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IgnoreCase_AsInTheReference()
    {
        var (set, _) = Load(("p.yml", "events:\n  a:\n    pattern: '\\[join\\] (?P<player>\\w+)'\n"));
        Assert.Equal("Bob", set!.Match(LogSourceKind.Console, "[JOIN] Bob")!.Player);
    }
}
