using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>The literal prefilter only skips patterns that cannot match: results equal trying every pattern.</summary>
public sealed class LiteralIndexTests
{
    private static string? Naive(PatternSet set, LogSourceKind source, string line) =>
        string.IsNullOrWhiteSpace(line) ? null : set.For(source).FirstOrDefault(p => p.Match(line).Success)?.Name;

    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "samples", "console.log")))
        {
            data.Add(line);
            data.Add(line.ToUpperInvariant());
            data.Add(line.ToLowerInvariant());
        }

        data.Add("2025-11-18 01:58:30 [\u212AICK] Bob was kicked by Alice. Reason: x."); // Kelvin sign matches k ignoring case
        data.Add("2025-11-18 01:58:00 [\u017FHOUT] Bob: long s"); // long s matches s ignoring case
        data.Add("[CHAT] [CHAT] [JOIN] Bob: overlapping literals");
        data.Add("x [JOIN] Bob joined the game");
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Match_WithLiteralIndex_EqualsTryingEveryPattern(string line)
    {
        foreach (var set in new[] { TestPatterns.Shipped, TestPatterns.Reference })
        {
            Assert.Equal(Naive(set, LogSourceKind.Console, line), set.Match(LogSourceKind.Console, line)?.Pattern.Name);
        }
    }

    [Fact]
    public void Scan_FindsEveryLiteralPresent_IgnoringAsciiCase()
    {
        var index = new LiteralIndex(["[CHAT] ", "[JOIN] ", "was killed"]);
        var present = index.Scan("[chat] x [JOIN] y");
        Assert.Equal(index.BitOf("[CHAT] ") | index.BitOf("[JOIN] "), present);
        Assert.Equal(0UL, index.Scan("nothing here"));
        Assert.Equal(0UL, index.BitOf(null));
        Assert.Equal(0UL, index.BitOf("not indexed"));
    }
}
