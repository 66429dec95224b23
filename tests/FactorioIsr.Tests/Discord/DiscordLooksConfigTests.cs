using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Discord;

/// <summary>Each event type's look is overridable per server (servers.yml <c>look</c>) and per pattern (pattern <c>look</c>).</summary>
public sealed class DiscordLooksConfigTests : IDisposable
{
    private readonly Configs _configs = new();
    private readonly TempDirectory _patterns = new();

    public void Dispose()
    {
        _configs.Dispose();
        _patterns.Dispose();
    }

    private static FactorioEvent Event(string server, string type, string? pattern) =>
        new("id", server, LogSourceKind.Console, type, null, null, new Dictionary<string, string>(), pattern, "events", default, "raw", "text");

    [Fact]
    public void Looks_PatternWinsOverServerWinsOverTypeDefault()
    {
        var config = _configs.LoadValid("""
            discord:
              webhook_avatar_template: "https://mc-heads.example/avatar/{player}"
            servers:
              plain:
                log_path: a.log
              fancy:
                log_path: b.log
                look: embed
            """);
        _patterns.Write("p.yml", """
            events:
              chat:
                pattern: 'chat (?P<player>\w+)'
                type: chat
              big_news:
                pattern: 'news'
                type: server
                look: embed
              quiet_stats:
                pattern: 'stats'
                type: stats
                look: line
            """);
        var patterns = TestPatterns.LoadValid(_patterns.Path);

        var looks = DiscordLooks.From(config, patterns);

        Assert.Equal("https://mc-heads.example/avatar/{player}", config.Settings.Discord.WebhookAvatarTemplate);
        Assert.Equal(DiscordLook.Line, looks.For(Event("plain", "chat", "chat")));
        Assert.Equal(DiscordLook.Embed, looks.For(Event("fancy", "chat", "chat")));
        Assert.Equal(DiscordLook.Embed, looks.For(Event("plain", "server", "big_news")));
        Assert.Equal(DiscordLook.Line, looks.For(Event("fancy", "stats", "quiet_stats")));
        Assert.Equal(DiscordLook.Embed, looks.For(Event("plain", "stats", null)));
    }

    [Fact]
    public void Look_WithAnUnknownValue_IsAnErrorInBothFiles()
    {
        var result = _configs.Load("servers:\n  main:\n    log_path: a.log\n    look: sparkly\n");
        Assert.Contains("'sparkly' is not one of line, embed", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);

        _patterns.Write("p.yml", "events:\n  a:\n    pattern: x\n    type: chat\n    look: huge\n");
        var (set, diagnostics) = PatternSet.Load(_patterns.Path);
        Assert.Null(set);
        Assert.Contains("'huge' is not one of line, embed", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }
}
