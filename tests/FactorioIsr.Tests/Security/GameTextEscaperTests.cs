using FactorioIsr.Events;
using FactorioIsr.Security;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Security;

/// <summary>Adversarial game text never produces a ping, broken formatting, invisible tricks or an oversized message.</summary>
public sealed class GameTextEscaperTests
{
    private static string Escape(string text) => GameTextEscaper.Escape(text, 1000);

    [Theory]
    [InlineData("*bold*", @"\*bold\*")]
    [InlineData("__under__", @"\_\_under\_\_")]
    [InlineData("~~strike~~", @"\~\~strike\~\~")]
    [InlineData("`code` ```block```", @"\`code\` \`\`\`block\`\`\`")]
    [InlineData("||spoiler||", @"\|\|spoiler\|\|")]
    [InlineData("> quote", @"\> quote")]
    [InlineData("# header", @"\# header")]
    [InlineData("- list", @"\- list")]
    [InlineData("[link](https://evil.example)", @"\[link\]\(https\://evil.example\)")]
    [InlineData(@"back\slash", @"back\\slash")]
    public void Markdown_IsEscapedCompletely(string input, string expected) => Assert.Equal(expected, Escape(input));

    [Theory]
    [InlineData("@everyone")]
    [InlineData("@here")]
    [InlineData("@EVERYONE now")]
    [InlineData("@\u200Beveryone")]
    [InlineData("@every\u200Bone")]
    [InlineData("@\u2060here")]
    [InlineData("@\u202Eeveryone")]
    [InlineData("x@everyone")]
    public void MassMentions_AreNeutralised(string input)
    {
        var output = Escape(input);
        var visible = output.Replace("\u200B", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)@(everyone|here)", output);
        Assert.Matches("(?i)@(everyone|here)", visible); // Still readable.
    }

    [Theory]
    [InlineData("<@123456789012345678>")]
    [InlineData("<@!123456789012345678>")]
    [InlineData("<@&123456789012345678>")]
    [InlineData("<#123456789012345678>")]
    [InlineData("</ban:123456789012345678>")]
    [InlineData("<t:1700000000:R>")]
    public void MentionSyntax_IsNeutralised(string input)
    {
        var output = Escape(input);
        Assert.DoesNotMatch(@"(?<!\\)<", output);
    }

    [Theory]
    [InlineData("a\u200Bb\u200Cc\u200Ed\uFEFFe\u2066f\u00ADg", "abcdefg")]
    [InlineData("👨\u200D👩\u200D👧", "👨\u200D👩\u200D👧")]
    [InlineData("line1\r\nline2\nline3", "line1  line2 line3")]
    [InlineData("nul\0byte", "nul\uFFFDbyte")]
    [InlineData("bell\u0007", "bell\uFFFD")]
    public void InvisibleAndControlCharacters_AreRemovedOrReplaced(string input, string expected) => Assert.Equal(expected, Escape(input));

    [Fact]
    public void LoneSurrogate_IsReplaced() => Assert.Equal("lone \uFFFD surrogate", Escape("lone " + (char)0xD800 + " surrogate"));

    [Fact]
    public void LongText_IsCappedInCodePointsWithoutSplittingAPair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 20_000));
        var output = GameTextEscaper.Escape(emoji, 1000);
        Assert.Equal(1001, output.EnumerateRunes().Count()); // 1000 + ellipsis
        Assert.EndsWith("…", output, StringComparison.Ordinal);
        Assert.True(!char.IsHighSurrogate(output[^2]));

        var ascii = GameTextEscaper.Escape(new string('a', 20_000), 1000);
        Assert.Equal(1001, ascii.Length);
    }

    [Theory]
    [InlineData("[gps=98,69]", "(98, 69)")]
    [InlineData("[gps=46.8,-78.6,fulgora]", "(46.8, -78.6 on fulgora)")]
    [InlineData("[item=iron-plate]", "iron-plate")]
    [InlineData("[item=iron-plate,quality=rare]", "iron-plate (rare)")]
    [InlineData("[color=#7289DA]blue[/color] [font=default-bold]bold[/font]", "blue bold")]
    [InlineData("[special-item=internal_7]", "(blueprint)")]
    [InlineData("[img=item/copper-cable]", "copper-cable")]
    [InlineData("[train=42]", "train 42")]
    [InlineData("[unknown=tag] [unterminated", "[unknown=tag] [unterminated")]
    public void RichText_IsMadeReadable(string input, string expected) => Assert.Equal(expected, FactorioRichText.ToReadable(input));

    [Theory]
    [InlineData("[gps=98,69] and [item=iron-plate,quality=rare] [color=red]x[/color] [train-stop=S] [=x] [a] [")]
    [InlineData("no tags at all")]
    [InlineData("[[item=a]] [/color] [/x] [img=plain] [tooltip=a,b]x[/tooltip] [gps=1] [gps=,,,,]")]
    public void RichText_OfASpan_EqualsTheStringForm(string input) =>
        Assert.Equal(FactorioRichText.ToReadable(input), FactorioRichText.ToReadable(input.AsSpan()).ToString());

    [Fact]
    public void RichText_TagsLongerThanAnyFactorioTag_StayText_SoBracketFloodsCostLinearTime()
    {
        var longGps = "[gps=" + new string('1', FactorioRichText.MaxTagLength) + "]";
        Assert.Equal(longGps, FactorioRichText.ToReadable(longGps));
        Assert.Equal("(1, 2)", FactorioRichText.ToReadable("[gps=1," + new string(' ', FactorioRichText.MaxTagLength - 8) + "2]"));

        var flood = new string('[', 60_000) + "item=a]";
        Assert.Equal(new string('[', 59_999) + "a", FactorioRichText.ToReadable(flood));
    }

    [Fact]
    public void SafeRun_AgreesWithTheCharacterRule_ForEveryCharacterAtEveryOffset()
    {
        // The vectorized run must stop exactly where the per-character rule (printable ASCII but \*_~`|>#-[]()<:@) does.
        const string Unsafe = "\\*_~`|>#-[]()<:@";
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var safe = c is >= 0x20 and < 0x7F && !Unsafe.Contains((char)c, StringComparison.Ordinal);
            foreach (var offset in new[] { 0, 5, 15, 16, 31, 39 })
            {
                var text = new string('a', offset) + (char)c + new string('b', 40 - offset - 1);
                Assert.Equal(safe ? 40 : offset, GameTextEscaper.SafeRun(text));
            }
        }
    }

    [Fact]
    public void AdversarialCorpus_NeverYieldsAPingOrRawMarkup()
    {
        string[] corpus =
        [
            "@everyone @here <@1> <@&2> <#3> ||x|| **y** __z__ `w` > q",
            "[color=red]@everyone[/color]",
            "@[item=everyone]",
            "@\uFEFFhere",
            new string('*', 10_000),
            "\u202E@enoyreve",
        ];
        foreach (var text in corpus)
        {
            var output = Escape(text);
            Assert.DoesNotMatch("(?i)@(everyone|here)", output);
            Assert.DoesNotMatch(@"(?<!\\)[*_`|<>~]", output);
        }
    }

    [Theory]
    [InlineData('*')]
    [InlineData('_')]
    [InlineData('@')]
    public void ChatLineOf20KbOfMarkdown_RendersAtMost2000Characters(char filler)
    {
        var line = "2024-05-01 12:00:00 [CHAT] Bob: " + new string(filler, 20_000);
        var rendered = TestPatterns.Parse(TestPatterns.Shipped, line);

        Assert.NotNull(rendered);
        Assert.Equal("chat", rendered.Value.Type);
        Assert.InRange(rendered.Value.Text.Length, 1500, EventRenderer.MaxRenderedLength);
        Assert.EndsWith("…", rendered.Value.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChatLineOfEmojiAndEscapes_RendersAtMost2000CharactersWithoutSplittingAPair()
    {
        var line = "2024-05-01 12:00:00 [CHAT] Bob: " + string.Concat(Enumerable.Repeat("😀*[gps=1,2]", 3_000));
        var text = TestPatterns.Parse(TestPatterns.Shipped, line)!.Value.Text;

        Assert.InRange(text.Length, 1500, EventRenderer.MaxRenderedLength);
        Assert.False(char.IsHighSurrogate(text[^2]), "a surrogate pair was split before the ellipsis");
    }

    [Fact]
    public void Escape_WithALengthLimit_CountsEscapes()
    {
        var output = GameTextEscaper.Escape(new string('*', 20_000), 2000, 2000);
        Assert.Equal(1999, output.Length); // 999 escaped stars; one more would leave no room for the ellipsis
        Assert.EndsWith(@"\*…", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendEscaped_NeverPassesMaxLength_ForAnyLimitAndMix()
    {
        string[] pieces = ["a", "*", "@everyone", "😀", "\u200B", "\n", "abcdefghijklmnopqrstuvwxyz0123456789", "<@1>"];
        var random = new Random(2);
        var buffer = new CharBuffer();
        for (var round = 0; round < 2_000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var prefix = random.Next(0, 5);
            var limit = prefix + random.Next(0, 60);
            buffer.Clear();
            buffer.Append(new string('p', prefix));
            var complete = GameTextEscaper.AppendEscaped(buffer, text, 1000, Math.Max(limit, prefix));
            Assert.True(buffer.Length <= Math.Max(limit, prefix), $"'{text}' with limit {limit}: {buffer.Length}");
            if (complete)
            {
                Assert.Equal(GameTextEscaper.Escape(text, 1000), buffer.Span[prefix..].ToString());
            }
        }
    }
}
