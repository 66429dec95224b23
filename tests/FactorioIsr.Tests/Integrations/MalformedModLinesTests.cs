using System.Text.Json;
using FactorioIsr.Cli;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Integrations;

/// <summary><c>isr parse --source mod</c> on the malformed corpus: every bad line is skipped and counted, none is fatal.</summary>
public sealed class MalformedModLinesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Parse_MalformedCorpus_SkipsAndCountsEachKind_KeepsTheGoodLines()
    {
        var corpus = string.Join('\n',
            "{\"v\":1,\"tick\":1,\"type\":\"player_died\",\"player\":\"Alice\",\"cause_name\":\"small-biter\"}",
            "{\"v\":1,\"tick\":2,\"type\":\"research_finished\",\"techno", // a crash mid-write
            "{\"v\":1,\"tick\":3,\"type\":\"research_finished\",\"technology\":\"automation\"}",
            "{\"v\":1,\"tick\":4,\"type\":\"achievement_unlocked\",\"player\":\"Alice\"}",
            string.Empty,
            "{\"v\":1,\"tick\":5,\"type\":\"player_died\"}",
            "{\"v\":1,\"type\":\"player_died\",\"player\":\"Bob\"}",
            "{\"v\":3,\"tick\":6,\"type\":\"first_rocket\",\"force\":\"player\",\"crew\":{\"size\":3}}",
            "\u0000\u0000{\"v\":1",
            "{\"v\":1,\"tick\":7,\"type\":\"platform_arrived\",\"platform\":\"P\"}",
            "{\"v\":1,\"tick\":8,\"type\":\"research_fin{\"v\":1,\"tick\":20,\"type\":\"research_finished\",\"technology\":\"railway\"}") + "\n"; // a crash mid-write, then the next session's first line
        var path = _dir.Write("events-1.jsonl", corpus);

        var (code, output, stderr) = await ModRoundTripTests.ParseAsync("--all", path);

        Assert.Equal(ExitCodes.Ok, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            ["player_died", "invalid_json", "research_finished", "unknown_type", "missing_field", "missing_field", "first_rocket", "invalid_json", "platform_arrived", "research_finished"],
            lines.Select(l => l.TryGetProperty("mod_type", out var t) ? t.GetString() : l.GetProperty("malformed").GetString()));
        Assert.Equal(["death", "research", "rocket", "platform_arrived", "research"], lines.Where(l => l.TryGetProperty("mod_type", out _)).Select(l => l.GetProperty("type").GetString()));
        Assert.Equal([1, 2, 3, 4, 6, 7, 8, 9, 10, 11], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal("railway", lines[^1].GetProperty("technology").GetString());
        Assert.Contains("isr parse: 10 lines, 5 matched, 6 malformed (3 invalid JSON, 1 unknown type, 2 missing fields), 1 of a newer format version", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_FieldsNamedLikeTheEventsOwn_AreLeftOut_EachNameOnce()
    {
        // A mod field may not shadow what parse writes itself (mod_type, file, malformed) nor the event's own names.
        var path = _dir.Write("events-1.jsonl", "{\"v\":1,\"tick\":1,\"type\":\"research_finished\",\"technology\":\"automation\",\"mod_type\":\"evil\",\"id\":\"x\",\"server\":\"y\",\"file\":\"z\"}\n");

        var (code, output, _) = await ModRoundTripTests.ParseAsync(path);

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal("research_finished", json.RootElement.GetProperty("mod_type").GetString());
        Assert.DoesNotContain("file", names); // one file named on the command line: no file name per object
        Assert.DoesNotContain("id", names);
        Assert.DoesNotContain("server", names);
    }

    [Fact]
    public async Task Parse_BomAndLeadingNuls_AreNotPartOfTheLine_AsForTheTailer()
    {
        var path = _dir.Write("events-1.jsonl", "\uFEFF{\"v\":1,\"tick\":1,\"type\":\"first_rocket\",\"force\":\"player\"}\n\0\0{\"v\":1,\"tick\":2,\"type\":\"first_rocket\",\"force\":\"player\"}\n");

        var (code, output, stderr) = await ModRoundTripTests.ParseAsync(path);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("2 lines, 2 matched, 0 malformed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_MissingModDirectory_IsBadInputInOneLine()
    {
        var (code, _, stderr) = await ModRoundTripTests.ParseAsync(Path.Combine(_dir.Path, "nope", "events-1.jsonl"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
