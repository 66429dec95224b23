using System.Text;
using System.Text.Json;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>
/// The pipeline (UTF-8 prefilter, lines decoded only when a pattern may match, JSON written straight to UTF-8) prints
/// exactly what decoding every line, matching it and writing it with System.Text.Json prints.
/// </summary>
public sealed class LogParsePipelineEquivalenceTests
{
    private static readonly string[] Names = ["Alice", "Zoë", "Алиса", "李小龙", "Dr.Gadorcha", "foo-bar", "\u212Aelvin", "\u017Fam", "<server>"];

    private static readonly string[] Messages =
    [
        "hello *world* _x_ ~y~ `code` |sp| > quote # head - item", "@everyone hi", "@\u200Beveryone", "<@123> <@&456> <#789>",
        "[gps=1,2] [item=iron-plate] [color=red]red[/color] [special-item=abc] [unknown=3]", "zero\u200bwidth\u202ebidi\ufeffbom",
        "tabs\tand\u007Fdel\u0001ctl", "emoji 😀👍🏽 done", "quote \" backslash \\", "   ", "x", new string('é', 2000), new string('a', 3000),
    ];

    private static byte[] Corpus()
    {
        var lines = new List<byte[]>();
        foreach (var name in Names)
        {
            foreach (var message in Messages)
            {
                lines.Add(Encoding.UTF8.GetBytes($"2025-11-18 01:56:09 [CHAT] {name}: {message}"));
                lines.Add(Encoding.UTF8.GetBytes($"[SHOUT] {name} [tag x]: {message}"));
                lines.Add(Encoding.UTF8.GetBytes($"2025-11-18 01:56:09 [COMMAND] {name} (command): {message}"));
            }

            lines.Add(Encoding.UTF8.GetBytes($"2025-11-18 01:56:09 [JOIN] {name} joined the game"));
            lines.Add(Encoding.UTF8.GetBytes($"[LEAVE] {name} left the game\r"));
            lines.Add(Encoding.UTF8.GetBytes($"2025-11-18 01:56:09 [BAN] {name} (not on map) was banned by <server>. Reason: x"));
            lines.Add(Encoding.UTF8.GetBytes($"2025-11-18 01:56:09 [kick] {name} was KICKED by Bob. Reason: ."));
            lines.Add(Encoding.UTF8.GetBytes($"   12.345 Info Something.cpp:1: {name} unmatched"));
        }

        lines.Add([.. "2025-11-18 01:56:09 [CHAT] Bad"u8, 0xFF, 0xFE, .. "Name: inv"u8, 0xC3, .. "alid "u8, 0xED, 0xA0, 0x80, .. " utf8 "u8, 0xF0, 0x9F]);
        lines.Add([.. "unmatched "u8, 0xFF, .. " invalid \" and \\"u8]);
        lines.Add("2025-11-18 01:56:09 [CHAT] Alice: nul\0byte"u8.ToArray());
        lines.Add("2025-11-18 01:56:09 [CHAT] Alice: cr\rin middle"u8.ToArray());
        lines.Add([]);
        lines.Add("  \t "u8.ToArray());
        lines.Add(Encoding.UTF8.GetBytes("2025-11-18 01:56:09 [CHAT] Alice: " + new string('é', 40_000))); // cut inside a character
        lines.Add(Encoding.UTF8.GetBytes("2025-11-18 01:56:09 [CHAT] Bob: " + new string('z', 10 * 1024 * 1024)));
        lines.Add("Cannot execute command. Error: x"u8.ToArray());
        var corpus = new List<byte>();
        foreach (var line in lines)
        {
            corpus.AddRange(line);
            corpus.Add((byte)'\n');
        }

        corpus.AddRange("2025-11-18 01:56:09 [JOIN] Last joined the game"u8.ToArray()); // no final newline
        return [.. corpus];
    }

    /// <summary>What <c>isr parse</c> printed before it wrote UTF-8 itself: decode, match, System.Text.Json.</summary>
    private static string Reference(byte[] input, LogSourceKind source, bool all)
    {
        var output = new MemoryStream();
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = MinimalJsonEncoder.Instance, SkipValidation = true });
        var lineNumber = 0;
        foreach (var piece in Split(input))
        {
            lineNumber++;
            var line = piece.Length > 0 && piece[^1] == '\r' ? piece[..^1] : piece;
            line = line.Length > LogParsePipeline.MaxLineBytes ? line[..LogParsePipeline.MaxLineBytes] : line;
            var text = Encoding.UTF8.GetString(line);
            var match = TestPatterns.Shipped.Match(source, text);
            if (match is null && !all)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteNumber("line", lineNumber);
            if (match is null)
            {
                json.WriteNull("type");
                json.WriteString("raw", text);
            }
            else
            {
                json.WriteString("type", match.Pattern.Type);
                WriteGroup(json, "player", match, match.Pattern.PlayerGroup);
                WriteGroup(json, "message", match, match.Pattern.MessageGroup);
                json.WriteString("pattern", match.Pattern.Name);
                json.WriteString("text", EventRenderer.Render(match, "S*rv", text));
                foreach (var (name, number) in match.Pattern.NamedGroups.Where(g => g.Name is not ("player" or "message")))
                {
                    WriteGroup(json, name, match, number);
                }
            }

            json.WriteEndObject();
            json.Flush();
            output.WriteByte((byte)'\n');
            json.Reset();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static IEnumerable<byte[]> Split(byte[] input)
    {
        var start = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '\n')
            {
                yield return input[start..i];
                start = i + 1;
            }
        }

        if (start < input.Length)
        {
            yield return input[start..];
        }
    }

    private static void WriteGroup(Utf8JsonWriter json, string name, PatternMatch match, int number)
    {
        if (number > 0 && match.Match.Groups[number] is { Success: true, Length: > 0 } group)
        {
            json.WriteString(name, group.Value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    [Theory]
    [InlineData("console", false)]
    [InlineData("console", true)]
    [InlineData("current", true)]
    public async Task Output_EqualsDecodingMatchingAndSystemTextJson(string kind, bool all)
    {
        var source = LogSourceKinds.ByName[kind];
        var input = Corpus();
        var output = new MemoryStream();
        var stats = await new LogParsePipeline(TestPatterns.Shipped, source, "S*rv", all).RunAsync(new MemoryStream(input), output, TestContext.Current.CancellationToken);

        var expected = Reference(input, source, all).Split('\n');
        var actual = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }

        Assert.Equal(2, stats.Truncated);
        Assert.Equal(1, stats.WithNul);
        Assert.Equal(2, stats.InvalidUtf8);
    }

    [Fact]
    public void TryGroup_ReadsTheCaptureArrays_AndEqualsMatchGroups()
    {
        Assert.True(MatchCaptures.Available, "this runtime's Match no longer has the capture arrays MatchCaptures reads: groups fall back to Match.Groups (slower)");
        var lines = Encoding.UTF8.GetString(Corpus()).Split('\n');
        var checkedGroups = 0;
        foreach (var set in new[] { TestPatterns.Shipped, TestPatterns.Reference })
        {
            foreach (var line in lines)
            {
                foreach (var pattern in set.For(LogSourceKind.Console))
                {
                    var match = pattern.Match(line);
                    if (!match.Success)
                    {
                        continue;
                    }

                    var wrapped = new PatternMatch(pattern, match);
                    for (var number = 0; number < match.Groups.Count + 2; number++)
                    {
                        var group = number < match.Groups.Count ? match.Groups[number] : null;
                        var expected = number > 0 && group is { Success: true, Length: > 0 } ? group.Value : null;
                        Assert.Equal(expected, wrapped.TryGroup(number, out var value) ? value.ToString() : null);
                        checkedGroups++;
                    }
                }
            }
        }

        Assert.True(checkedGroups > 1000);
    }

    [Theory]
    [InlineData(System.Text.RegularExpressions.RegexOptions.Compiled)]
    [InlineData(System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    public void CaptureArrays_OfTheOtherEngines_EqualMatchGroups(System.Text.RegularExpressions.RegexOptions engine)
    {
        // MatchCaptures is probed on the interpreter only (building a compiled or linear-time regex at every start costs
        // milliseconds); the compiled and linear-time engines must record captures the same way.
        var lines = Encoding.UTF8.GetString(Corpus()).Split('\n');
        var checkedGroups = 0;
        foreach (var pattern in TestPatterns.Shipped.For(LogSourceKind.Console))
        {
            var compiled = new System.Text.RegularExpressions.Regex(
                pattern.Regex.ToString(),
                (PatternCompiler.Options & ~System.Text.RegularExpressions.RegexOptions.NonBacktracking) | engine);
            foreach (var line in lines)
            {
                var match = compiled.Match(line);
                for (var number = 1; match.Success && number < match.Groups.Count; number++)
                {
                    var group = match.Groups[number];
                    var expected = group is { Success: true, Length: > 0 } ? group.Value : null;
                    Assert.Equal(expected, MatchCaptures.TryGet(match, number, out var value) ? value.ToString() : null);
                    checkedGroups++;
                }
            }
        }

        Assert.True(checkedGroups > 100);
    }

    [Fact]
    public void TryGroup_WithSparseGroupNumbers_ReadsMatchGroups()
    {
        var diagnostics = new FactorioIsr.Configuration.Diagnostics();
        var pattern = PatternCompiler.TryCompile(new PatternDefinition
        {
            Name = "sparse", File = "f", Line = 1, Column = 1, Pattern = @"^(?P<7>\w+) (?P<player>\w+)?(x)?$", Type = "server", FileIndex = 0, EntryIndex = 0,
        }, diagnostics)!;
        Assert.False(pattern.ContiguousGroups);
        var match = new PatternMatch(pattern, pattern.Match("seven "));
        Assert.True(match.TryGroup(7, out var seven));
        Assert.Equal("seven", seven.ToString());
        Assert.Null(match.Player);
    }
}
