using System.Globalization;
using System.Text;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Rcon;

public sealed class CommandTextChatTests
{
    [Theory]
    [InlineData("[img=utility/danger_icon]", "(img=utility/danger_icon)")]
    [InlineData("look [gps=12,-4,nauvis] here", "look (gps=12,-4,nauvis) here")]
    [InlineData("[color=red]fake admin[/color]", "(color=red)fake admin(/color)")]
    [InlineData("[font=default-large-bold]HUGE[/font]", "(font=default-large-bold)HUGE(/font)")]
    [InlineData("[special-item=internal_1]", "(special-item=internal_1)")]
    public void ChatText_NoRichTextTagCanBeFormed(string input, string expected)
    {
        Assert.Equal(expected, CommandText.ChatText(input));
    }

    [Theory]
    [InlineData("a\r\nb\tc\0d", "a b c d")]
    [InlineData("  \n\n  lead and trail \u2028\u2029 ", "lead and trail")]
    [InlineData("rtl\u202Eevil\u202C zero\u200Bwidth\uFEFF", "rtlevil zerowidth")]
    [InlineData("\u0007\u001b[31mred", "(31mred")]
    [InlineData("many     spaces", "many spaces")]
    public void ChatText_OneLine_NoControlOrInvisibleCharacters(string input, string expected)
    {
        Assert.Equal(expected, CommandText.ChatText(input));
    }

    [Fact]
    public void ChatText_CutsAtTheLimitInCodePoints_WithAnEllipsis_NeverSplittingAPair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 1000));
        var cut = CommandText.ChatText(emoji);
        Assert.Equal(CommandText.MaxChatLength, Runes(cut));
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.True(cut.EnumerateRunes().All(r => r != Rune.ReplacementChar));

        Assert.Equal("abcd…", CommandText.ChatText("abcdefgh", 5));
        Assert.Equal("abcde", CommandText.ChatText("abcde", 5));
        Assert.Equal("abc…", CommandText.ChatText("abc defgh", 5)); // no space left before the ellipsis
    }

    [Theory]
    [InlineData("/c game.print(1)")]
    [InlineData("\n /sc game.speed=100")]
    [InlineData(".admin give")]
    [InlineData("\u200B/ban Alice")] // a user's own zero-width space is removed, then ours is added
    public void ChatLine_ALeadingSlashOrDotNeverRunsACommand(string input)
    {
        var line = CommandText.ChatLine(input);
        Assert.StartsWith("\u200B", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Count(c => c == '\u200B'));
        Assert.Equal(line, CommandText.ChatLine(line)); // idempotent
    }

    [Fact]
    public void RelayedChatLine_IsOriginAuthorText_EachPartMadeSafe()
    {
        Assert.Equal("[Discord] Mason: hello all", CommandText.RelayedChatLine("Discord", "Mason", "hello\nall"));
        Assert.Equal("[Discord] (img=x) Bob: (gps=1,2)", CommandText.RelayedChatLine("Discord", "[img=x]\nBob", "[gps=1,2]"));
        Assert.Equal("[Discord] ?: hi", CommandText.RelayedChatLine("Discord", " \u200B ", "hi"));
        Assert.Equal(string.Empty, CommandText.RelayedChatLine("Discord", "Mason", " \n "));
        Assert.Equal("\u200B/x: y", CommandText.RelayedChatLine("", "/x", "y"));

        var longName = new string('N', 100);
        var line = CommandText.RelayedChatLine("Discord", longName, new string('t', 5000));
        Assert.Equal(CommandText.MaxChatLength, Runes(line));
        Assert.StartsWith("[Discord] " + new string('N', CommandText.MaxAuthorLength - 1) + "…: ttt", line, StringComparison.Ordinal);
    }

    [Fact]
    public void RelayedChat_And_Broadcast_AreRawChatThatNeverRunsLuaOrACommand()
    {
        var relayed = FactorioCommands.RelayedChat("Discord", "Mason", "/c game.print('x')");
        Assert.Equal(new RconCommand("[Discord] Mason: /c game.print('x')", IsLua: false), relayed);
        Assert.Throws<ArgumentException>(() => FactorioCommands.RelayedChat("Discord", "Mason", "\u200B"));
        Assert.Equal("(color=red)hi(/color)", FactorioCommands.Broadcast("[color=red]hi[/color]").Text);
    }

    /// <summary>Random strings over a hostile alphabet: whatever comes in, what goes out obeys every rule.</summary>
    [Fact]
    public void ChatLine_Fuzzed_AlwaysOneSafeLine()
    {
        var alphabet = "[]/.=\\\"'`*_~|<>@#:\r\n\t \0\u0085\u2028\u200B\u200D\u202E\uFEFF\uD800\uDC00😀é漢a1".ToCharArray();
        var random = new Random(14);
        for (var i = 0; i < 2000; i++)
        {
            var input = new string([.. Enumerable.Range(0, random.Next(0, 900)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var line = CommandText.ChatLine(input);
            var body = line.TrimStart('\u200B');
            Assert.DoesNotContain('[', line);
            Assert.DoesNotContain(']', line);
            if (body.StartsWith('/') || body.StartsWith('.'))
            {
                Assert.StartsWith("\u200B", line, StringComparison.Ordinal);
            }

            Assert.True(Runes(line) <= CommandText.MaxChatLength + 1, line);
            Assert.All(body.EnumerateRunes(), r =>
            {
                Assert.False(Rune.IsControl(r));
                Assert.NotEqual(UnicodeCategory.Format, Rune.GetUnicodeCategory(r));
                Assert.False(Rune.IsWhiteSpace(r) && r.Value != ' ');
            });
            Assert.DoesNotContain("  ", line, StringComparison.Ordinal);
            Assert.Equal(line, CommandText.ChatLine(line));
        }
    }

    private static int Runes(string text) => text.EnumerateRunes().Count();
}
