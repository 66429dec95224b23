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
}
