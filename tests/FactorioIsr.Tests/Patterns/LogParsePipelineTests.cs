using System.Text;
using System.Text.Json;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

public sealed class LogParsePipelineTests
{
    private static async Task<(List<JsonElement> Lines, ParseStats Stats)> ParseAsync(byte[] input, bool all = false)
    {
        var output = new MemoryStream();
        var pipeline = new LogParsePipeline(TestPatterns.Shipped, LogSourceKind.Console, "main", all);
        var stats = await pipeline.RunAsync(new MemoryStream(input), output, TestContext.Current.CancellationToken);
        var lines = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (lines, stats);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Matches_CarryLineTypePlayerMessagePatternTextAndGroups()
    {
        var (lines, stats) = await ParseAsync(Utf8("noise\n2025-11-18 01:56:09 [KICK] Bob was kicked by Alice. Reason: afk.\n"));

        var kick = Assert.Single(lines);
        Assert.Equal(2, kick.GetProperty("line").GetInt32());
        Assert.Equal("kick", kick.GetProperty("type").GetString());
        Assert.Equal("Bob", kick.GetProperty("player").GetString());
        Assert.Equal(JsonValueKind.Null, kick.GetProperty("message").ValueKind);
        Assert.Equal("kick", kick.GetProperty("pattern").GetString());
        Assert.Equal("👢 **Bob** was kicked by **Alice**. Reason: afk", kick.GetProperty("text").GetString());
        Assert.Equal("Alice", kick.GetProperty("by").GetString());
        Assert.Equal("afk", kick.GetProperty("reason").GetString());
        Assert.Equal(new ParseStats(2, 1, 0, 0, 0), stats);
    }

    [Fact]
    public async Task All_AddsUnmatchedLinesWithNullType()
    {
        var (lines, _) = await ParseAsync(Utf8("noise\n2025-11-18 01:56:09 [JOIN] Bob joined the game\n"), all: true);
        Assert.Equal(2, lines.Count);
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("type").ValueKind);
        Assert.Equal("noise", lines[0].GetProperty("raw").GetString());
        Assert.Equal("join", lines[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task CrlfInvalidUtf8NulAndMissingFinalNewline_AreHandledAndCounted()
    {
        var input = new List<byte>();
        input.AddRange(Utf8("2025-11-18 01:56:09 [CHAT] Bob: crlf\r\n"));
        input.AddRange(Utf8("2025-11-18 01:56:09 [CHAT] Bob: bad "));
        input.AddRange(new byte[] { 0xFF, 0xFE, 0xC3 });
        input.AddRange(Utf8("\n2025-11-18 01:56:09 [CHAT] Bob: nul\0here\n"));
        input.AddRange(Utf8("2025-11-18 01:56:09 [CHAT] Bob: last"));

        var (lines, stats) = await ParseAsync([.. input]);

        Assert.Equal(["crlf", "bad \uFFFD\uFFFD\uFFFD", "nul\0here", "last"], lines.Select(l => l.GetProperty("message").GetString()));
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal(new ParseStats(4, 4, 1, 0, 1), stats);
    }

    [Fact]
    public async Task HugeLines_AreCutAndCounted_AndLineNumbersStayRight()
    {
        var huge = "2025-11-18 01:56:09 [CHAT] Bob: " + new string('x', 10 * 1024 * 1024);
        var (lines, stats) = await ParseAsync(Utf8(huge + "\n" + huge.Replace("Bob", "Eve", StringComparison.Ordinal) + "\n2025-11-18 01:56:09 [JOIN] Ann joined the game\n"));

        Assert.Equal(3, stats.Lines);
        Assert.Equal(2, stats.Truncated);
        Assert.Equal(["Bob", "Eve", "Ann"], lines.Select(l => l.GetProperty("player").GetString()));
        Assert.Equal([1, 2, 3], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.True(lines[0].GetProperty("text").GetString()!.Length < 2500);
    }

    [Fact]
    public async Task ManyBlocks_KeepInputOrder()
    {
        var builder = new StringBuilder();
        for (var i = 1; i <= 50_000; i++)
        {
            builder.Append("2025-11-18 01:56:09 [CHAT] P").Append(i).Append(": message number ").Append(i).Append('\n');
        }

        var (lines, stats) = await ParseAsync(Utf8(builder.ToString()));
        Assert.Equal(50_000, stats.Matched);
        Assert.Equal(Enumerable.Range(1, 50_000), lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal("P50000", lines[^1].GetProperty("player").GetString());
    }

    [Fact]
    public async Task Emoji_AreWrittenAsUtf8NotEscapes()
    {
        var output = new MemoryStream();
        await new LogParsePipeline(TestPatterns.Shipped, LogSourceKind.Console, "main", false)
            .RunAsync(new MemoryStream(Utf8("[JOIN] Zoë joined the game\n")), output, TestContext.Current.CancellationToken);
        var json = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("✅👋 **Zoë** joined the server", json, StringComparison.Ordinal);
    }
}
