using FactorioIsr.Events;
using FactorioIsr.Hosting;
using FactorioIsr.Patterns;
using FactorioIsr.Tailing;

namespace FactorioIsr.Tests.Hosting;

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
        var current = new TailedLine(new TailedFile("srv", "current", "/logs/factorio-current.log", new FileIdentity(8, 9), 10), 0, 10, "2026-11-26 12:00:00 [JOIN] Ann joined the game", TailedLineFlags.None, default);
        Assert.Empty(parse(current));
        Assert.Equal(LogSourceKind.Console, Assert.Single(parse(Line("2026-11-26 12:00:00 [JOIN] Ann joined the game"))).Source);
    }
}
