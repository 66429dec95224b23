using FactorioIsr.Rcon.Lua;

namespace FactorioIsr.Tests.Rcon;

public sealed class LuaStringTests
{
    [Fact]
    public void Quote_EveryCorpusString_IsOneLineOfPrintableText_InQuotes()
    {
        foreach (var value in LuaStringCorpus.All)
        {
            var literal = LuaString.Quote(value);

            Assert.StartsWith("\"", literal, StringComparison.Ordinal);
            Assert.EndsWith("\"", literal, StringComparison.Ordinal);
            Assert.DoesNotContain(literal, c => c < 0x20 || c == 0x7f);
        }
    }

    [Theory]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\n", "\"\\010\"")]
    [InlineData("\0" + "1", "\"\\0001\"")]
    [InlineData("]]", "\"]]\"")]
    [InlineData("😀", "\"😀\"")]
    public void Quote_KnownInputs_EncodeAsExpected(string input, string expected)
    {
        Assert.Equal(expected, LuaString.Quote(input));
    }

    [Fact]
    public void Quote_LoneSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("\"\uFFFDx\"", LuaString.Quote("\ud800x"));
    }
}
