using FactorioIsr.Ingest;
using FactorioIsr.Events;
using FactorioIsr.Hosting;
using FactorioIsr.Patterns;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Ingest;

public sealed class PatternLineParserTests
{
    private static readonly PatternSet Patterns = PatternSet.Load(Path.Combine(AppContext.BaseDirectory, "patterns")).Set!;

    private static TailedLine Line(string text, TailedLineFlags flags = TailedLineFlags.None) =>
        new(new TailedFile("srv", "console", "/logs/console.log", new FileIdentity(8, 9), 10), 100, 100 + text.Length + 1, text, flags, default);

    [Fact]
    public void Parse_ChatLine_EventWithStableIdRouteAndFields()
    {
        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        var e = Assert.Single(parse(Line("2026-11-26 12:00:00 [CHAT] Alice: hello *world*")));
        Assert.Equal("srv/console/8-9-a/100", e.Id);
        Assert.Equal(("srv", LogSourceKind.Console, "chat", "Alice", "hello *world*"), (e.Server, e.Source, e.Type, e.Player, e.Message));
        Assert.Equal("chat", e.Route);
        Assert.Equal("chat", e.Pattern);
        Assert.Equal("2026-11-26 12:00:00 [CHAT] Alice: hello *world*", e.Raw);
        Assert.Contains("\\*world\\*", e.Text, StringComparison.Ordinal); // rendered Discord-safe
        Assert.Equal("Alice", e.Fields["player"]);
    }

    [Fact]
    public void Parse_UnmatchedLine_NoEvent_FlaggedLine_FlagsAsFields()
    {
        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        Assert.Empty(parse(Line("   12.345 Info Something.cpp:12: nothing to see")));
        var e = Assert.Single(parse(Line("2026-11-26 12:00:00 [CHAT] Bob: cut", TailedLineFlags.Partial | TailedLineFlags.Truncated)));
        Assert.Equal("true", e.Fields["partial"]);
        Assert.Equal("true", e.Fields["truncated"]);
    }

    [Fact]
    public void Parse_ChatLines_ShareThePlayerString_AndFieldsHoldEveryGroupThatTookPart()
    {
        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        var first = Assert.Single(parse(Line("2026-11-26 12:00:00 [CHAT] Zoë: hi")));
        var second = Assert.Single(parse(Line("2026-11-26 12:00:01 [CHAT] Zoë [team]: again")));

        Assert.Same(first.Player, second.Player);
        Assert.Same(second.Player, second.Fields["player"]);
        Assert.Same(second.Message, second.Fields["message"]);
        Assert.Equal(["player", "message"], first.Fields.Keys);
        Assert.Equal(["player", "tag", "message"], second.Fields.Keys);
        Assert.Equal("team", second.Fields["tag"]);
        Assert.Equal("💬 **Zoë**: again", second.Text);
    }

    [Fact]
    public void Parse_BanLine_FieldsInPatternOrder_FlagsAdded()
    {
        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        var e = Assert.Single(parse(Line("2026-11-26 12:00:00 [BAN] Troll (not on map) was banned by <server>. Reason: griefing.", TailedLineFlags.InvalidUtf8)));

        Assert.Equal(["player", "offline", "by", "reason", "invalid_utf8"], e.Fields.Keys);
        Assert.Equal(" (not on map)", e.Fields["offline"]);
        Assert.Equal("griefing", e.Fields["reason"]);
        Assert.Equal("true", e.Fields["invalid_utf8"]);
    }

    [Fact]
    public void Parse_JoinLine_OfAnotherSourceKind_UsesThatKindsPatterns()
    {
        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        var current = new TailedLine(new TailedFile("srv", "current", "/logs/factorio-current.log", new FileIdentity(8, 9), 10, LogSourceKind.Current), 0, 10, "2026-11-26 12:00:00 [JOIN] Ann joined the game", TailedLineFlags.None, default);
        Assert.Empty(parse(current));
        Assert.Equal(LogSourceKind.Console, Assert.Single(parse(Line("2026-11-26 12:00:00 [JOIN] Ann joined the game"))).Source);
    }

    [Fact]
    public void Parse_LinesReadFromAFile_PrefilterOnTheirBytesFindsWhatMatchingTheTextFinds()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "console.log");
        var lines = new[]
        {
            "2026-11-26 12:00:00 [CHAT] Alice: hello *world*",
            "2026-11-26 12:00:01 [JOIN] Zoë joined the game",
            "2026-11-26 12:00:02 [CHAT] Bob: caf\u00e9 [gps=1,2]",
            "   12.345 Info Something.cpp:12: nothing to see",
            "2026-11-26 12:00:03 [LEAVE] Ann left the game",
            "2026-11-26 12:00:04 [KICK] Troll was kicked by Admin. Reason: spam.",
            "\u0000\u00002026-11-26 12:00:05 [CHAT] Nul: after NULs",
            "2026-11-26 12:00:06 [chat] lower: not the tag",
            string.Empty,
            "2026-11-26 12:00:07 [CHAT] Crlf: ends with CR",
        };
        var bytes = new List<byte>();
        foreach (var line in lines)
        {
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(line));
            bytes.AddRange(line.Contains("Crlf", StringComparison.Ordinal) ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        bytes.AddRange([0xFF, 0xFE, .. "2026-11-26 12:00:08 [CHAT] Bad: invalid bytes before\n"u8]);
        File.WriteAllBytes(path, [.. bytes]);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var cursor = new TailCursor(handle, new TailedFile("srv", "console", path, FileIdentity.Of(handle), 0), 0, 64 * 1024);
        var read = new List<TailedLine>();
        long invalid = 0;
        cursor.Read(read, long.MaxValue, ref invalid);

        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        var parsed = read.Select(l => parse(l).SingleOrDefault()).ToList();
        var expected = read.Select(l => Patterns.Match(LogSourceKind.Console, l.Text)?.Pattern.Definition.Name).ToList();

        Assert.Equal(lines.Length + 1, read.Count);
        Assert.Equal(expected, parsed.Select(e => e?.Pattern));
        Assert.True(parsed.Count(e => e is not null) >= 6, "the shipped chat, join, leave and kick patterns match these lines");
    }

    [Fact]
    public void Parse_SecondCurrentSource_IsParsedWithTheCurrentPatterns()
    {
        // Bug: a server's second current (or mod) source was named "current-2", and the kind was read back from that
        // name, falling back to the console patterns. The kind now travels with the source and the file.
        using var configs = new Configs();
        var configuration = configs.LoadValid("""
            servers:
              s1:
                event_channel_id: 1
                sources:
                  - { kind: console, path: /logs/console.log }
                  - { kind: current, path: /logs/a/factorio-current.log }
                  - { kind: current, path: /logs/b/factorio-current.log }
            """);
        var sources = ServerDefinitions.Sources(configuration.Servers.Single());
        var second = Assert.Single(sources, s => s.Source == "current-2");
        Assert.Equal(LogSourceKind.Current, second.Kind);

        var parse = PatternLineParser.Create(Patterns, TimeProvider.System);
        var file = new TailedFile(second.Server, second.Source, second.Path, new FileIdentity(1, 2), 1, second.Kind);
        var started = new TailedLine(file, 0, 100, "   1.234 Info ServerMultiplayerManager.cpp:808: updateTick(123) changing state from(CreatingGame) to(InGame)", TailedLineFlags.None, default);
        var e = Assert.Single(parse(started));
        Assert.Equal((LogSourceKind.Current, "server"), (e.Source, e.Type));
    }
}
