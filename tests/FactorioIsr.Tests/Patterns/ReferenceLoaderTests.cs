using FactorioIsr.Cli;
using FactorioIsr.Configuration;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>
/// Issue 17: a pattern file entry the reference's loader skipped is skipped, a value it defaulted is defaulted, each
/// with a located warning saying so. Inputs are the files the reference's own tests write
/// (tests/test_pattern_loader.py and test_pattern_loader_hardened.py write them with yaml.dump, which sorts keys).
/// </summary>
public sealed class ReferenceLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (PatternSet Set, IReadOnlyList<Diagnostic> Diagnostics) LoadStarts(string yaml)
    {
        _dir.Write("p.yml", yaml);
        var (set, diagnostics) = PatternSet.Load(_dir.Path);
        Assert.True(set is not null, string.Join("\n", diagnostics));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        return (set, diagnostics);
    }

    private static string Located(Diagnostic d) => $"{d.Line}:{d.Column}: {d.Message}";

    /// <summary>The reference's tests of an entry that is skipped (named in the first argument), each with its one located diagnostic.</summary>
    [Theory]
    [InlineData("test_missing_pattern_field", "events:\n  no_pattern:\n    emoji: \"\\U0001F4AC\"\n    type: chat\n",
        "2:3: pattern 'no_pattern': no 'pattern:'; skipped")]
    [InlineData("test_invalid_event_name_type", "events:\n  123:\n    pattern: 'test'\n    type: 'chat'\n",
        "2:3: pattern name 123 is read by YAML as an integer, not a name; skipped (quote it to use it as a name)")]
    [InlineData("test_pattern_not_string", "events:\n  bad_pattern:\n    pattern: 123\n    type: chat\n",
        "3:14: pattern 'bad_pattern': pattern is an integer, not text (quote it); skipped")]
    [InlineData("test_type_not_string", "events:\n  bad_type:\n    pattern: test\n    type: 123\n",
        "4:11: pattern 'bad_type': type is an integer, not text; skipped")]
    [InlineData("test_pattern_cannot_be_empty", "events:\n  x:\n    pattern: ''\n",
        "3:14: pattern 'x': pattern is empty; skipped")]
    [InlineData("test_priority_must_be_non_negative", "events:\n  x:\n    pattern: test\n    priority: -1\n",
        "4:15: pattern 'x': priority -1 is negative (0 is tried first); skipped")]
    [InlineData("test_invalid_event_config_type", "events:\n  invalid_event: not_a_dict\n",
        "2:3: pattern 'invalid_event' has no settings (found 'not_a_dict'); skipped: it needs at least 'pattern:'")]
    [InlineData("test_yaml_key_whitelist_invalid_keys_rejected", "events:\n  malicious_event:\n    execute: rm -rf /\n    handler: evil.py\n    pattern: test\n    type: chat\n",
        "3:5: pattern 'malicious_event': unknown key 'execute'; skipped")]
    [InlineData("test_pattern_name_invalid_characters", "events:\n  my-pattern:\n    pattern: test\n",
        "2:3: pattern name 'my-pattern' may use only letters, digits and '_'; skipped")]
    public void InvalidEntry_IsSkipped_WithOneLocatedDiagnostic(string referenceTest, string yaml, string expected)
    {
        _ = referenceTest; // names the case in the test output
        var (set, diagnostics) = LoadStarts(yaml);
        Assert.Empty(set.Patterns);
        Assert.Equal(expected, Located(Assert.Single(diagnostics)));
    }

    [Fact] // test_invalid_placeholder_in_yaml_rejected
    public void PlaceholderLikeImport_IsSkipped()
    {
        var (set, diagnostics) = LoadStarts("events:\n  bad_placeholder:\n    message: '{player} {__import__}'\n    pattern: test\n    type: chat\n");
        Assert.Empty(set.Patterns);
        var warning = Assert.Single(diagnostics);
        Assert.Equal((3, 14), (warning.Line, warning.Column));
        Assert.StartsWith("pattern 'bad_placeholder': message uses {__import__}, which the pattern does not capture", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("; skipped", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EntryKeyQuoted_IsAName()
    {
        var (set, diagnostics) = LoadStarts("events:\n  '123':\n    pattern: 'test'\n    type: 'chat'\n");
        Assert.Empty(diagnostics);
        Assert.Equal("123", Assert.Single(set.Patterns).Name);
    }

    [Fact] // test_emoji_not_string_uses_default
    public void EmojiNotAString_IsNone()
    {
        var (set, diagnostics) = LoadStarts("events:\n  bad_emoji:\n    emoji: 123\n    pattern: test\n    type: chat\n");
        Assert.Equal(string.Empty, Assert.Single(set.Patterns).Definition.Emoji);
        Assert.Equal("3:12: pattern 'bad_emoji': emoji is an integer, not text; using no emoji", Located(Assert.Single(diagnostics)));
    }

    [Fact] // test_message_not_string_uses_default
    public void MessageNotAString_IsTheDefaultTemplate()
    {
        var (set, diagnostics) = LoadStarts("events:\n  bad_message:\n    message: 123\n    pattern: (\\w+) says (.+)\n    type: chat\n");
        var pattern = Assert.Single(set.Patterns);
        Assert.Equal("{player}: {message}", pattern.Definition.Template);
        Assert.Equal("3:14: pattern 'bad_message': message is an integer, not text; using the default \"{player}: {message}\"", Located(Assert.Single(diagnostics)));
        Assert.Equal("Bob: hi", TestPatterns.Parse(set, "Bob says hi")!.Value.Text); // the reference's text for this line
    }

    [Fact] // docs/patterns.md "Differences from the reference": the reference rendered "Alice" alone here
    public void EmptyMessage_UsesTheDefaultTemplate_AndShowsTheLineWhenAValueIsMissing()
    {
        var (set, diagnostics) = LoadStarts("events:\n  player_join:\n    message: ''\n    pattern: \\[JOIN\\] (\\w+) joined\n    type: join\n");
        Assert.Empty(diagnostics);
        Assert.Equal("{player}: {message}", Assert.Single(set.Patterns).Definition.Template);
        Assert.Equal(@"\[JOIN\] Alice joined", TestPatterns.Parse(set, "[JOIN] Alice joined")!.Value.Text);
    }

    [Theory] // test_event_type_cannot_be_empty (EventPattern's assertion, which the loader turns into a skip)
    [InlineData("''")]
    [InlineData("\"  \"")]
    public void EmptyType_IsSkipped(string type)
    {
        var (set, diagnostics) = LoadStarts($"events:\n  x:\n    pattern: test\n    type: {type}\n");
        Assert.Empty(set.Patterns);
        Assert.Equal("4:11: pattern 'x': type is empty; skipped", Located(Assert.Single(diagnostics)));
    }

    [Theory] // test_priority_not_int_uses_default
    [InlineData("not_an_int", "'not_an_int'")]
    [InlineData("'5'", "'5'")]
    [InlineData("2.5", "'2.5'")]
    public void PriorityNotAnInt_Is10(string priority, string shown)
    {
        var (set, diagnostics) = LoadStarts($"events:\n  bad_priority:\n    pattern: test\n    priority: {priority}\n    type: chat\n");
        Assert.Equal(10, Assert.Single(set.Patterns).Definition.Priority);
        Assert.Equal($"4:15: pattern 'bad_priority': priority {shown} is not an integer; using 10", Located(Assert.Single(diagnostics)));
    }

    [Theory] // test_enabled_not_bool_uses_default
    [InlineData("not_a_bool")]
    [InlineData("0")]
    [InlineData("'false'")]
    public void EnabledNotABool_IsEnabled(string enabled)
    {
        var (set, diagnostics) = LoadStarts($"events:\n  bad_enabled:\n    enabled: {enabled}\n    pattern: test\n    type: chat\n");
        Assert.True(Assert.Single(set.Patterns).Definition.Enabled);
        Assert.EndsWith("is not true or false; the pattern is enabled", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Off", false)]
    [InlineData("FALSE", false)]
    public void EnabledAsPyYamlReadsIt(string enabled, bool expected)
    {
        var (set, diagnostics) = LoadStarts($"events:\n  x:\n    enabled: {enabled}\n    pattern: test\n    type: chat\n");
        Assert.Empty(diagnostics);
        Assert.Equal(expected ? 1 : 0, set.Patterns.Count);
    }

    [Fact] // test_load_empty_yaml: yaml.dump({})
    public void EmptyMappingFile_HasNoPatterns_AndIsNoError()
    {
        var (set, diagnostics) = LoadStarts("{}\n");
        Assert.Empty(set.Patterns);
        Assert.Equal("1:1: no 'events:' mapping; this file adds no patterns", Located(Assert.Single(diagnostics)));
    }

    [Theory] // test_load_yaml_root_not_dict, test_load_yaml_missing_events_key, test_load_yaml_events_not_dict
    [InlineData("- item1\n- item2\n", "1:1: a pattern file is a mapping with an 'events:' key, found a list; this file adds no patterns")]
    [InlineData("other_key: value\n", "1:1: no 'events:' mapping; this file adds no patterns")]
    [InlineData("events:\n", "1:8: no 'events:' mapping; this file adds no patterns")]
    [InlineData("events:\n- event1\n- event2\n", "2:1: events: expected a mapping of NAME: settings, found a list; this file adds no patterns")]
    public void FileWithoutAnEventsMapping_AddsNothing(string yaml, string expected)
    {
        var (set, diagnostics) = LoadStarts(yaml);
        Assert.Empty(set.Patterns);
        Assert.Contains(expected, diagnostics.Select(Located));
    }

    [Fact] // test_mixed_valid_and_invalid_patterns (test_pattern_loader.py)
    public void MixedFile_LoadsItsGoodEntries()
    {
        var (set, diagnostics) = LoadStarts("""
            events:
              invalid_bad_type:
                pattern: test3
                type: 123
              invalid_no_pattern:
                type: chat
              valid1:
                pattern: test1
                type: chat
              valid2:
                pattern: test2
                type: join
              valid3:
                pattern: test4
                type: leave
            """);
        Assert.Equal(["valid1", "valid2", "valid3"], set.Patterns.Select(p => p.Name));
        Assert.Equal([4, 5], diagnostics.Select(d => d.Line));
    }

    [Fact] // test_mixed_valid_and_invalid_patterns (test_pattern_loader_hardened.py); its 501-character pattern is within our larger limit
    public void MixedFile_WithATemplateTheRegexCannotFill_LoadsItsGoodEntries()
    {
        var (set, diagnostics) = LoadStarts($$"""
            events:
              bad_template:
                message: '{__import__}'
                pattern: test3
                type: chat
              too_long:
                pattern: {{new string('x', 501)}}
                type: chat
              valid1:
                pattern: test1
                type: chat
              valid2:
                pattern: test2
                type: join
              valid3:
                pattern: test4
                type: leave
            """);
        Assert.Equal(["too_long", "valid1", "valid2", "valid3"], set.Patterns.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("{__import__}", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact] // docs/EXAMPLES.md "Krastorio 2": two of three templates name values no group captures
    public void DocumentedModPack_LoadsTheEntriesWhoseTemplatesItCanFill()
    {
        var (set, diagnostics) = LoadStarts(File.ReadAllText(ReferencePack.File("doc-patterns/krastorio2.yml")));
        Assert.Equal("intergalactic_transceiver", Assert.Single(set.Patterns).Name);
        var skipped = diagnostics.Where(d => d.Message.EndsWith("; skipped", StringComparison.Ordinal)).Select(d => d.Message).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.StartsWith("pattern 'matter_stabilizer': message uses {state}", skipped[0], StringComparison.Ordinal);
        Assert.StartsWith("pattern 'matter_conversion': message uses {amount}", skipped[1], StringComparison.Ordinal);
        Assert.Equal("📡 🌌 Intergalactic Communication Enabled!", TestPatterns.Parse(set, "Intergalactic transceiver built")!.Value.Text); // the reference's text
    }

    [Fact]
    public void NamedGroupsCanFillWhatTheReferenceRefused()
    {
        // The reference allowed only {player} and {message}; a named group makes any placeholder work here.
        var (set, diagnostics) = LoadStarts("events:\n  deployed:\n    pattern: '(?P<player>\\w+) deployed a (?P<vehicle>.+)'\n    message: '{player} deployed a {vehicle}'\n    type: death\n");
        Assert.Empty(diagnostics);
        Assert.Equal("Bob deployed a tank", TestPatterns.Parse(set, "Bob deployed a tank")!.Value.Text);
    }

    [Fact] // test_malformed_yaml_syntax: the reference raised too
    public void BrokenYaml_StaysAnError()
    {
        _dir.Write("p.yml", "events:\n  bad:\n    - invalid: [\n");
        var (set, diagnostics) = PatternSet.Load(_dir.Path);
        Assert.Null(set);
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public void BacktrackingOnlyConstruct_StaysAnError()
    {
        _dir.Write("p.yml", "events:\n  a:\n    pattern: '(\\w)\\1'\n    type: chat\n  b:\n    pattern: ok\n    type: chat\n");
        var (set, diagnostics) = PatternSet.Load(_dir.Path);
        Assert.Null(set);
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public void Check_Strict_TurnsTheseWarningsIntoErrors()
    {
        var patterns = Path.GetDirectoryName(_dir.Write("patterns/p.yml", "events:\n  bad_priority:\n    pattern: test\n    priority: not_an_int\n"))!;
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n");
        var environment = new ConfigEnvironment(new Dictionary<string, string>(), _dir.Combine("no-secrets"));

        var relaxed = new StringWriter();
        Assert.Equal(ExitCodes.Ok, CheckCommand.Run(config, patterns, environment, TextWriter.Null, relaxed));
        Assert.Contains("p.yml:4:15: warning: pattern 'bad_priority': priority 'not_an_int' is not an integer; using 10", relaxed.ToString(), StringComparison.Ordinal);

        var strict = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, CheckCommand.Run(config, patterns, environment, TextWriter.Null, strict, strict: true));
        Assert.Contains("p.yml:4:15: pattern 'bad_priority': priority 'not_an_int' is not an integer; using 10", strict.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", strict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Strict_IsAnOptionOfTheVerb()
    {
        var patterns = Path.GetDirectoryName(_dir.Write("patterns/p.yml", "{}\n"))!;
        var config = _dir.Write("servers.yml", "servers:\n  main:\n    log_path: a.log\n");
        var stderr = new StringWriter();
        var code = await IsrCli.RunAsync(["check", "--config", config, "--patterns", patterns, "--strict"], IsrConsole.Capture(TextWriter.Null, stderr, new MemoryStream()), TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("p.yml:1:1: no 'events:' mapping; this file adds no patterns", stderr.ToString(), StringComparison.Ordinal);
    }
}
