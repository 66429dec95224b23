using FactorioIsr.Security;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Tests.Discord;

public sealed class MessageBuildingTests
{
    [Fact]
    public void Length_AstralCharacters_CountsCodePoints()
    {
        Assert.Equal(3, CodePoints.Length("a😀b"));
        Assert.Equal(4, "a😀b".Length);
        Assert.Equal(0, CodePoints.Length(null));
    }

    [Fact]
    public void Split_ShortContent_ReturnsItUnchanged()
    {
        var parts = ContentSplitter.Split("one\ntwo");

        Assert.Equal(["one\ntwo"], parts);
    }

    [Fact]
    public void Split_ManyLines_SplitsAtLineBoundariesWithinLimit()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i:D3} " + new string('x', 20)).ToList();
        var content = string.Join('\n', lines);

        var parts = ContentSplitter.Split(content);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(CodePoints.Length(p), 1, 2000));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void Split_OneLongLineOfEmoji_NeverCutsASurrogatePair()
    {
        var content = string.Concat(Enumerable.Repeat("😀", 4500));

        var parts = ContentSplitter.Split(content);

        Assert.All(parts, p =>
        {
            Assert.InRange(CodePoints.Length(p), 1, 2000);
            Assert.False(char.IsLowSurrogate(p[0]));
            Assert.False(char.IsHighSurrogate(p[^1]));
        });
        Assert.Equal(content, string.Concat(parts));
    }

    [Fact]
    public void Split_LongLineOfEscapes_NeverSeparatesABackslashFromItsCharacter()
    {
        var content = string.Concat(Enumerable.Repeat("\\*", 3000));

        var parts = ContentSplitter.Split(content);

        Assert.All(parts, p =>
        {
            Assert.InRange(CodePoints.Length(p), 1, 2000);
            Assert.StartsWith("\\*", p, StringComparison.Ordinal);
            Assert.EndsWith("\\*", p, StringComparison.Ordinal);
        });
        Assert.Equal(content, string.Concat(parts));
    }

    [Fact]
    public void Split_LongLineWithSpaces_PrefersWordBoundary()
    {
        var content = string.Join(' ', Enumerable.Repeat("word", 1000));

        var parts = ContentSplitter.Split(content);

        Assert.All(parts.SkipLast(1), p => Assert.EndsWith(" ", p, StringComparison.Ordinal));
        Assert.Equal(content, string.Concat(parts));
    }

    [Fact]
    public void Fit_OversizedEmbed_MeetsEveryLimit()
    {
        var embed = new DiscordEmbed
        {
            Title = new string('t', 300),
            Description = new string('d', 5000),
            Footer = new string('f', 3000),
            Author = new string('a', 300),
            Fields = Enumerable.Range(0, 30).Select(i => new DiscordEmbedField(new string('n', 300), i == 0 ? "" : new string('v', 2000))).ToList(),
        };

        var fitted = EmbedFitter.Fit(embed);

        Assert.InRange(CodePoints.Length(fitted.Title), 1, 256);
        Assert.InRange(CodePoints.Length(fitted.Description), 1, 4096);
        Assert.InRange(CodePoints.Length(fitted.Footer), 1, 2048);
        Assert.InRange(CodePoints.Length(fitted.Author), 1, 256);
        Assert.InRange(fitted.Fields.Count, 1, 25);
        Assert.All(fitted.Fields, f =>
        {
            Assert.InRange(CodePoints.Length(f.Name), 1, 256);
            Assert.InRange(CodePoints.Length(f.Value), 1, 1024);
        });
        Assert.InRange(EmbedFitter.Length(fitted), 1, 6000);
        Assert.EndsWith("…", fitted.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void CountFitting_ThousandShortLines_PacksUpTo2000CodePoints()
    {
        var items = Enumerable.Range(0, 1000).Select(i => MessageItem.ForLine($"💬 **player{i % 7}**: hello there number {i}")).ToList();

        var messages = new List<DiscordMessage>();
        for (var offset = 0; offset < items.Count;)
        {
            var rest = items.Skip(offset).ToList();
            var count = MessagePacker.CountFitting(rest);
            messages.AddRange(MessagePacker.Build(rest.Take(count).ToList()));
            offset += count;
        }

        Assert.InRange(messages.Count, 10, 60);
        Assert.All(messages, m => Assert.InRange(CodePoints.Length(m.Content), 1, 2000));
        Assert.Equal(items.Select(i => i.Line), messages.SelectMany(m => m.Content!.Split('\n')));
    }

    [Fact]
    public void CountFitting_LineAfterEmbed_StartsANewMessageToKeepOrder()
    {
        MessageItem[] items =
        [
            MessageItem.ForLine("a"),
            MessageItem.ForEmbed(new DiscordEmbed { Title = "stats" }),
            MessageItem.ForLine("b"),
        ];

        Assert.Equal(2, MessagePacker.CountFitting(items));
        Assert.Equal(1, MessagePacker.CountFitting(items[2..]));
    }

    [Fact]
    public void CountFitting_ElevenEmbeds_TakesTen()
    {
        var items = Enumerable.Range(0, 11).Select(i => MessageItem.ForEmbed(new DiscordEmbed { Title = $"e{i}" })).ToList();

        Assert.Equal(10, MessagePacker.CountFitting(items));
    }

    [Fact]
    public void CountFitting_EmbedsOver6000Total_StopsBeforeTheLimit()
    {
        var items = Enumerable.Range(0, 5).Select(_ => MessageItem.ForEmbed(new DiscordEmbed { Description = new string('d', 2500) })).ToList();

        Assert.Equal(2, MessagePacker.CountFitting(items));
    }

    [Fact]
    public void Build_SingleLineOver2000_SplitsIntoSeveralMessages()
    {
        var messages = MessagePacker.Build([MessageItem.ForLine(new string('x', 4500))]);

        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.True(m.Mentions.PingsNothing));
    }

    [Fact]
    public void Build_ItemsWithRoleMentions_MergesAllowedRoleIds()
    {
        var message = Assert.Single(MessagePacker.Build(
        [
            MessageItem.ForLine("<@&1> hi", new AllowedMentions(["1"], [])),
            MessageItem.ForLine("<@&2> hi", new AllowedMentions(["2", "1"], [])),
        ]));

        Assert.Equal(["1", "2"], message.Mentions.RoleIds);
    }

    [Theory]
    [InlineData("@everyone", "@\u200Beveryone")]
    [InlineData("<@&123>", "\\<@&123\\>")]
    [InlineData("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`")]
    [InlineData("> quote", "\\> quote")]
    [InlineData("# head", "\\# head")]
    [InlineData("[x](https://e.com)", "\\[x\\]\\(https\\://e.com\\)")]
    public void Escape_MarkdownAndMentions_Neutralised(string input, string expected) // the escaper that ships
    {
        Assert.Equal(expected, GameTextEscaper.Escape(input));
    }
}
