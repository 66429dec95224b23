using FactorioIsr.ChatBridge;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.ChatBridge;

public sealed class DiscordChatTextTests
{
    private static readonly DiscordMentionNames Names = new(
        new Dictionary<ulong, string> { [111] = "Mason", [222] = "[img=x]\nEvil" },
        new Dictionary<ulong, string> { [333] = "Moderators" },
        new Dictionary<ulong, string> { [444] = "general" });

    [Theory]
    [InlineData("gg <:kappa:123456789012345678>", "gg :kappa:")]
    [InlineData("<a:party_parrot:1>!", ":party_parrot:!")]
    [InlineData("<:bad name:1>", "<:bad name:1>")] // not an emoji: left as typed
    public void CustomEmoji_BecomeTheirName(string input, string expected)
    {
        Assert.Equal(expected, DiscordChatText.Encode(input));
    }

    [Theory]
    [InlineData("hi <@111>", "hi @Mason")]
    [InlineData("hi <@!111>", "hi @Mason")]
    [InlineData("ping <@&333> in <#444>", "ping @Moderators in #general")]
    [InlineData("<@999> <@&998> <#997>", "@user @role #channel")]
    [InlineData("<@222> says", "@(img=x) Evil says")] // a resolved name brings no tag and no newline
    [InlineData("run </factorio status:123>", "run /factorio status")]
    [InlineData("at <t:1767225600:R>", "at 2026-01-01 00:00 UTC")]
    [InlineData("<@99999999999999999999999>", "<@99999999999999999999999>")] // too long for a snowflake
    public void Mentions_UseTheResolvedNames_ElseAReadableFallback(string input, string expected)
    {
        Assert.Equal(expected, DiscordChatText.Encode(input, Names));
    }

    [Theory]
    [InlineData("**bold** __under__ ~~gone~~", "bold under gone")]
    [InlineData("```lua\nprint(1)\nprint(2)\n```", "print(1) print(2)")]
    [InlineData("# Title\n> quoted\n-# small", "Title quoted small")]
    [InlineData("see [the wiki](https://wiki.factorio.com/Rich_text) or <https://factorio.com>", "see the wiki (https://wiki.factorio.com/Rich_text) or https://factorio.com")]
    [InlineData("the answer is ||Bob did it||!", "the answer is (spoiler)!")]
    [InlineData("2\\*3 \\_x\\_", "2*3 _x_")]
    [InlineData("snake_case and *italic* and `code`", "snake_case and *italic* and `code`")]
    public void Markdown_StaysReadable(string input, string expected)
    {
        Assert.Equal(expected, DiscordChatText.Encode(input));
    }

    [Fact]
    public void AttachmentsAndStickers_BecomeReadableNotes()
    {
        var text = DiscordChatText.Encode(
            "look",
            DiscordMentionNames.None,
            [new("base.png", "image/png"), new("clip.mp4", "video/mp4"), new("voice-message.ogg", "audio/ogg"), new("save[1].zip", null), new("", "application/zip")],
            ["Wave", "[img=x]"]);
        Assert.Equal("look (image: base.png) (video: clip.mp4) (audio: voice-message.ogg) (file: save(1).zip) (file: file) (sticker: Wave) (sticker: (img=x))", text);
        Assert.Equal("(image: a.png)", DiscordChatText.Encode(null, DiscordMentionNames.None, [new("a.png", "IMAGE/PNG")], []));
        Assert.Equal(string.Empty, DiscordChatText.Encode("  \n ", DiscordMentionNames.None, [], []));
    }

    [Theory]
    [InlineData("[img=utility/danger_icon] [gps=0,0] [color=red]x[/color] [font=default-game]y[/font]")]
    [InlineData("**[img=utility/danger_icon]**")]
    [InlineData("[[img=a]](https://x.y)")]
    [InlineData("<:img=x:1> [/img]")]
    public void NoRichTextTagSurvives(string input)
    {
        var text = DiscordChatText.Encode(input, Names);
        Assert.DoesNotContain('[', text);
        Assert.DoesNotContain(']', text);
    }

    [Theory]
    [InlineData("/c game.print('pwned')")]
    [InlineData("\n\n/sc game.speed = 100")]
    [InlineData("`/c x`")]
    [InlineData("**/promote Mallory**")]
    [InlineData(".mod-command")]
    [InlineData("</sc game.speed=100:1>")]
    [InlineData("\\/c x")]
    public void ThroughBroadcast_ALeadingSlashOrDotNeverRunsACommand(string input)
    {
        var command = FactorioCommands.Broadcast(DiscordChatText.Encode(input));
        Assert.False(command.IsLua);
        Assert.False(command.Text.StartsWith('/') || command.Text.StartsWith('.'), command.Text);
    }

    [Fact]
    public void ThroughRelayedChat_TheLineIsDiscordAuthorText()
    {
        var body = DiscordChatText.Encode("hi <@111>\n[gps=1,2]", Names);
        Assert.Equal("[Discord] Mason: hi @Mason (gps=1,2)", FactorioCommands.RelayedChat("Discord", "Mason", body).Text);
    }

    [Fact]
    public void LongAndHostileInput_IsCutToTheLimit_Quickly()
    {
        var hostile = string.Concat(Enumerable.Repeat("**||~~__<@1><:a:1>[img=x]\\", 2000)) + new string('*', 20000);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var text = DiscordChatText.Encode(hostile, Names, [new(new string('f', 5000), "image/png")], []);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), started.Elapsed.ToString());
        Assert.True(text.EnumerateRunes().Count() <= CommandText.MaxChatLength);
        Assert.DoesNotContain('[', text);
        Assert.Equal("abc…", DiscordChatText.Encode("abcdef", maxCodePoints: 4));
    }
}
