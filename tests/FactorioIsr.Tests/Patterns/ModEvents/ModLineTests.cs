using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Patterns.ModEvents;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns.ModEvents;

public sealed class ModLineTests
{
    /// <summary>Lines a crash, another writer or a newer mod can leave, with what isr must make of them.</summary>
    public static TheoryData<string, string> Malformed() => new()
    {
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\"Ali", "invalid_json" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\"Alice\"", "invalid_json" },
        { "{\"v\":1,\"tick\":5,", "invalid_json" },
        { "{", "invalid_json" },
        { "not json at all", "invalid_json" },
        { "[1,2,3]", "invalid_json" },
        { "\"player_died\"", "invalid_json" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\"A\"}{\"v\":1}", "invalid_json" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\"A\",}", "invalid_json" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":'A'}", "invalid_json" },
        { "{\"v\":1,\"tick\":5,\"type\":\"dance\",\"player\":\"A\"}", "unknown_type" },
        { "{\"v\":1,\"tick\":5,\"type\":\"PLAYER_DIED\",\"player\":\"A\"}", "unknown_type" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\"}", "missing_field" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\"\"}", "missing_field" },
        { "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":null}", "missing_field" },
        { "{\"tick\":5,\"type\":\"player_died\",\"player\":\"A\"}", "missing_field" },
        { "{\"v\":1,\"type\":\"player_died\",\"player\":\"A\"}", "missing_field" },
        { "{\"v\":1,\"tick\":5,\"player\":\"A\"}", "missing_field" },
        { "{\"v\":\"1\",\"tick\":5,\"type\":\"player_died\",\"player\":\"A\"}", "missing_field" },
        { "{\"v\":0,\"tick\":5,\"type\":\"player_died\",\"player\":\"A\"}", "missing_field" },
        { "{\"v\":1,\"tick\":-1,\"type\":\"player_died\",\"player\":\"A\"}", "missing_field" },
        { "{\"v\":1,\"tick\":1.5,\"type\":\"player_died\",\"player\":\"A\"}", "missing_field" },
        { "{\"v\":1,\"tick\":5,\"type\":7,\"player\":\"A\"}", "missing_field" },
        { "{\"v\":1,\"tick\":5,\"type\":\"research_finished\",\"level\":3}", "missing_field" },
        { "{}", "missing_field" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedLine_IsSkippedWithItsReason(string text, string expected)
    {
        Assert.Null(ModLine.Parse(Encoding.UTF8.GetBytes(text), out var problem));
        Assert.Equal(expected, ModEventMetrics.ReasonTag(problem));
    }

    [Fact]
    public void ParseRecovering_FragmentOfACrashFollowedByALine_ReportsTheFragmentAndKeepsTheLine()
    {
        var line = ModLine.ParseRecovering("{\"v\":1,\"tick\":5,\"type\":\"player_di{\"v\":1,\"tick\":9,\"type\":\"player_died\",\"player\":\"Bob\"}"u8, out var problem);
        Assert.Equal(ModLineProblem.InvalidJson, problem);
        Assert.Equal("Bob", line?.Get("player"));

        Assert.Null(ModLine.ParseRecovering("{\"v\":1,\"tick\":5,\"type\":\"player_di"u8, out problem));
        Assert.Equal(ModLineProblem.InvalidJson, problem);
        Assert.Null(ModLine.ParseRecovering("{\"v\":1,\"tick\":5,\"type\":\"dance\"}"u8, out problem));
        Assert.Equal(ModLineProblem.UnknownType, problem);
    }

    [Fact]
    public void Parse_InvalidUtf8InAString_IsInvalidJson()
    {
        byte[] line = [.. "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Null(ModLine.Parse(line, out var problem));
        Assert.Equal(ModLineProblem.InvalidJson, problem);
    }

    [Fact]
    public void Parse_NewerVersion_IsReadForTheFieldsItKnows()
    {
        var line = ModLine.Parse("{\"v\":7,\"tick\":99,\"type\":\"player_died\",\"player\":\"Alice\",\"cause_name\":\"tank\",\"armor\":{\"name\":\"power-armor\",\"grid\":[1,2]},\"tags\":[\"a\"],\"mood\":\"grim\"}"u8, out var problem);

        Assert.NotNull(line);
        Assert.Equal(ModLineProblem.None, problem);
        Assert.True(line.Newer);
        Assert.Equal(7, line.Version);
        Assert.Equal(99, line.Tick);
        Assert.Equal("tank", line.Get("cause_name"));
        Assert.Null(line.Get("armor")); // nested values are not fields
        Assert.Equal(["tick", "player", "cause_name", "mood"], line.Fields.Select(f => f.Key));
    }

    [Fact]
    public void Parse_ValuesAsText_StringsUnescapedNumbersAndBooleansAsWritten()
    {
        var line = ModLine.Parse("{\"v\":1,\"tick\":1,\"type\":\"research_finished\",\"technology\":\"a\\\"b\\\\c\\u00e9\\ud83d\\ude80\",\"level\":12,\"by_script\":true,\"x\":-3.25e2}"u8, out _);

        Assert.NotNull(line);
        Assert.False(line.Newer);
        Assert.Equal("a\"b\\cé🚀", line.Get("technology"));
        Assert.Equal("12", line.Get("level"));
        Assert.Equal("true", line.Get("by_script"));
        Assert.Equal("-3.25e2", line.Get("x"));
    }

    private static PatternSet Load(TempDirectory dir, string yaml, out IReadOnlyList<Diagnostic> diagnostics)
    {
        dir.Write("patterns/mod.yml", yaml);
        var (set, d) = PatternSet.Load(dir.Combine("patterns"));
        diagnostics = d;
        return set!;
    }

    [Fact]
    public void Load_ModEntryWithUnknownTypeOrPlaceholder_IsAnErrorAtItsLine()
    {
        using var dir = new TempDirectory();
        Load(dir, "source: mod\nevents:\n  a:\n    type: player_dyed\n    message: x\n  b:\n    type: player_died\n    message: '{player} {technology}'\n", out var diagnostics);

        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("mod.yml:4:11: pattern 'a': type 'player_dyed' is not a mod event type", StringComparison.Ordinal) && e.Contains("did you mean 'player_died'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("mod.yml:7:11: pattern 'b': message uses {technology}, which player_died lines do not have", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ConsoleEntryWithoutPattern_IsSkippedWithAWarning_AsTheReferenceDid()
    {
        using var dir = new TempDirectory();
        var set = Load(dir, "events:\n  a:\n    type: player_died\n", out var diagnostics);
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.ToString().Contains("no 'pattern:'; skipped", StringComparison.Ordinal));
        Assert.Equal(0, set.ModEvents.Count + set.Patterns.Count);
    }

    [Fact]
    public void Match_TakesTheFirstEntryWhoseFieldsTheLineHas()
    {
        using var dir = new TempDirectory();
        var set = Load(dir, "source: mod\nevents:\n  plain:\n    type: player_died\n    message: '{player} died'\n    priority: 5\n  by:\n    type: player_died\n    message: '{player} by {cause_name} at {tick} on {server}'\n    priority: 1\n", out var diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        var withCause = ModLine.Parse("{\"v\":1,\"tick\":3,\"type\":\"player_died\",\"player\":\"A_b\",\"cause_name\":\"@everyone\"}"u8, out _)!;
        var without = ModLine.Parse("{\"v\":1,\"tick\":3,\"type\":\"player_died\",\"player\":\"A\"}"u8, out _)!;
        var research = ModLine.Parse("{\"v\":1,\"tick\":3,\"type\":\"research_started\",\"technology\":\"t\"}"u8, out _)!;

        var entry = set.ModEvents.Match(withCause)!;
        Assert.Equal("by", entry.Definition.Name);
        Assert.Equal("A\\_b by @\u200beveryone at 3 on s1", ModEventRenderer.Render(entry, withCause, "s1"));
        Assert.Equal("plain", set.ModEvents.Match(without)!.Definition.Name);
        Assert.Null(set.ModEvents.Match(research));
    }

    [Fact]
    public void ShippedPack_LoadsWithoutProblems_AndCoversEveryModType()
    {
        var (set, diagnostics) = PatternSet.Load(Path.Combine(RepositoryRoot.Path, "patterns"));
        Assert.NotNull(set);
        Assert.Empty(diagnostics);
        foreach (var type in ModEventTypes.ByName.Values)
        {
            var fields = string.Concat(type.Fields.Select(f => $",\"{f}\":\"v-{f}\""));
            var line = ModLine.Parse(Encoding.UTF8.GetBytes($"{{\"v\":1,\"tick\":1,\"type\":\"{type.Name}\"{fields}}}"), out var problem)!;
            Assert.Equal(ModLineProblem.None, problem);
            Assert.True(set.ModEvents.Match(line) is not null || type.Name == "player_respawned", type.Name); // respawns are off by default
        }
    }

    [Fact]
    public void LineParser_MalformedLines_AreCountedOnTheMeterByReason_NewerVersionsToo()
    {
        var (set, _) = PatternSet.Load(Path.Combine(RepositoryRoot.Path, "patterns"));
        // The test's own meter factory: no other test's lines are counted here (the meters used to be process-wide).
        using var meters = new FactorioIsr.Tests.Support.TestMeters();
        var metrics = new ModEventMetrics(meters.Factory);
        var file = new TailedFile("srv", "mod", "/x/events-1.jsonl", default, 1);
        string[] lines =
        [
            "{\"v\":1,\"tick\":5,\"type\":\"player_died\",\"player\":\"Alice\"}",
            "{\"v\":1,\"tick\":5,\"type\":\"player_di",
            "{\"v\":1,\"tick\":5,\"type\":\"dance\"}",
            "{\"v\":1,\"tick\":5,\"type\":\"player_died\"}",
            "{\"v\":2,\"tick\":5,\"type\":\"player_died\",\"player\":\"Bob\",\"new\":[1]}",
        ];
        var events = new List<FactorioEvent>();
        long offset = 0;
        foreach (var text in lines)
        {
            var line = new TailedLine(file, offset, offset + text.Length + 1, text, TailedLineFlags.None, default);
            offset += text.Length + 1;
            events.AddRange(ModLineParser.Parse(set!, TimeProvider.System, line, metrics));
        }

        Assert.Equal(["Alice", "Bob"], events.Select(e => e.Player));
        Assert.All(events, e => Assert.Equal(LogSourceKind.Mod, e.Source));
        Assert.Equal("srv/mod/0-0-1/0", events[0].Id);
        Assert.Equal(1, meters.Sum("isr_mod_lines_malformed", ("reason", "invalid_json")));
        Assert.Equal(1, meters.Sum("isr_mod_lines_malformed", ("reason", "unknown_type")));
        Assert.Equal(1, meters.Sum("isr_mod_lines_malformed", ("reason", "missing_field")));
        Assert.Equal(3, meters.Sum("isr_mod_lines_malformed"));
        Assert.Equal(1, meters.Sum("isr_mod_lines_newer_version"));
    }
}
