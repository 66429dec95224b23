using System.Text;
using System.Text.RegularExpressions;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>
/// The prefilter that runs on a line's UTF-8 bytes (before any decoding) only skips lines and patterns that
/// cannot match: whatever the bytes, the result equals matching the decoded line with every pattern.
/// </summary>
public sealed class Utf8PrefilterTests
{
    private static readonly string[] Names = ["Alice", "Zoë", "Алиса", "李小龙", "Dr.Gadorcha", "\u212Aelvin", "\u017Fam", "x_1"];

    private static IEnumerable<byte[]> Lines()
    {
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "samples", "console.log")))
        {
            yield return Encoding.UTF8.GetBytes(line);
            yield return Encoding.UTF8.GetBytes(line.ToUpperInvariant());
            yield return Encoding.UTF8.GetBytes(line.ToLowerInvariant());
            yield return Encoding.UTF8.GetBytes(line + "\r");
            yield return Encoding.UTF8.GetBytes(line.Replace(' ', '\0'));
        }

        foreach (var name in Names)
        {
            foreach (var format in new[]
            {
                "2025-11-18 01:58:30 [KICK] {0} was kicked by Alice. Reason: x.", "[\u212AICK] {0} was \u212Aicked by Bob. Reason: y",
                "2025-11-18 01:58:00 [\u017FHOUT] {0}: long s", "[SHOUT] {0}: hi", "[CHAT] {0}: \u212A", "[JOIN] {0} joined the game",
                "x [JOIN] {0} joined the game", "[CHAT] [CHAT] [JOIN] {0}: overlapping", "   12.345 [LEAVE] {0} left the game",
            })
            {
                yield return Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, name));
            }
        }

        yield return [.. "2025-11-18 01:56:09 [CHAT] Bad"u8, 0xFF, 0xFE, .. "Name: x"u8];
        yield return [.. "2025-11-18 01:56:09 [CH"u8, 0xC3, .. "AT] Bob: split"u8];
        yield return [.. "[JOIN] "u8, 0xE2, 0x84, .. " joined the game"u8]; // a cut Kelvin sign is not one
        yield return [.. "[JOIN] A"u8, 0xED, 0xA0, 0x80, .. " joined the game"u8]; // an encoded surrogate is invalid
        yield return [];
        yield return "   \t "u8.ToArray();
        yield return Encoding.UTF8.GetBytes("2025-11-18 01:56:09 [CHAT] Bob: " + new string('z', 70_000));
        yield return Encoding.UTF8.GetBytes(new string('y', 70_000) + " [CHAT] Bob: late literal");
    }

    [Fact]
    public void FirstCandidate_OnUtf8_GivesTheSameMatchAsTheDecodedLine()
    {
        foreach (var set in new[] { TestPatterns.Shipped, TestPatterns.Reference })
        {
            foreach (var source in new[] { LogSourceKind.Console, LogSourceKind.Current })
            {
                foreach (var bytes in Lines())
                {
                    var text = Encoding.UTF8.GetString(bytes);
                    var expected = string.IsNullOrWhiteSpace(text) ? null : set.For(source).FirstOrDefault(p => p.Match(text).Success)?.Name;
                    var first = set.FirstCandidate(source, bytes);
                    var actual = first < 0 ? null : set.MatchFrom(source, text, first)?.Pattern.Name;
                    Assert.True(expected == actual, $"{source} '{text[..Math.Min(80, text.Length)]}': expected {expected ?? "none"}, got {actual ?? "none"} (first candidate {first})");
                    Assert.Equal(expected, set.Match(source, text)?.Pattern.Name);
                }
            }
        }
    }

    [Fact]
    public void Scan_OnUtf8Bytes_EqualsScanOnText()
    {
        var index = new LiteralIndex(["[CHAT] ", "[JOIN] ", " was kicked by ", "Cannot execute", "ab"]);
        foreach (var bytes in Lines())
        {
            Assert.Equal(index.Scan(Encoding.UTF8.GetString(bytes)), index.Scan(bytes));
        }

        // Every length around the vector widths, the literal at every position.
        for (var length = 0; length < 80; length++)
        {
            for (var at = 0; at + 7 <= length; at++)
            {
                var line = new string('-', at) + "[cHaT] " + new string('-', length - at - 7);
                Assert.Equal(index.BitOf("[CHAT] "), index.Scan(line));
                Assert.Equal(index.BitOf("[CHAT] "), index.Scan(Encoding.UTF8.GetBytes(line)));
            }

            Assert.Equal(0UL, index.Scan(new string('[', length)));
            Assert.Equal(0UL, index.Scan(Encoding.UTF8.GetBytes(new string('[', length))));
        }
    }

    [Fact]
    public void Literals_WithNonAsciiOrShorterThanTwo_AreNotIndexed()
    {
        var index = new LiteralIndex(["é!", "a", "[CHAT] "]);
        Assert.Equal(1, index.Count);
        Assert.Equal(0UL, index.BitOf("é!"));
    }

    [Fact]
    public void CaseTwins_CoverEveryNonAsciiCharacterTheRegexEnginesMatchToAnAsciiLetter()
    {
        foreach (var options in new[] { PatternCompiler.Options, PatternCompiler.Options & ~RegexOptions.NonBacktracking })
        {
            for (var ascii = 'a'; ascii <= 'z'; ascii++)
            {
                var letter = new Regex($"^{ascii}$", options);
                var inClass = new Regex($"^[{ascii}]$", options);
                for (var c = 0x80; c <= 0xFFFF; c++)
                {
                    var text = ((char)c).ToString();
                    if (!char.IsSurrogate((char)c) && (letter.IsMatch(text) || inClass.IsMatch(text)))
                    {
                        Assert.Contains(((char)c, ascii), LiteralIndex.CaseTwins);
                    }
                }
            }
        }

        foreach (var (twin, _) in LiteralIndex.CaseTwins)
        {
            Assert.NotEqual(0, LiteralIndex.TwinsIn(twin.ToString()));
            Assert.NotEqual(0, LiteralIndex.TwinsIn(Encoding.UTF8.GetBytes(twin.ToString())));
            Assert.Equal(0, LiteralIndex.TwinsIn(Encoding.UTF8.GetBytes(twin.ToString()).AsSpan()[..^1]));
        }

        Assert.Equal(1, LiteralIndex.TwinsOf("[KICK] "));
        Assert.Equal(3, LiteralIndex.TwinsOf(" was kicked by "));
        Assert.Equal(0, LiteralIndex.TwinsOf("[CHAT] "));
    }
}
