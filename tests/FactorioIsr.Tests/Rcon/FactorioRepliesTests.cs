using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Rcon;

/// <summary>Reference-system.md §10 rows 13-15, plus the cases the reference got wrong.</summary>
public sealed class FactorioRepliesTests
{
    [Fact]
    public void ParsePlayers_ReferenceVectors()
    {
        Assert.Equal(["Alice", "Bob", "Charlie"], Names("Players online (3):\n  Alice (online)\n  Bob (online)\n  Charlie (online)"));
        Assert.Equal(["Alice", "Bob"], Names("  - Alice (online)\n  - Bob (online)"));
        Assert.Equal(["Alice"], Names("Players online (2):\n  Player 1 (online)\n  Alice (online)"));
        Assert.Empty(FactorioReplies.ParsePlayers("Players online (0):"));
    }

    [Fact]
    public void ParsePlayers_NamesStartingWithPlayer_AreKept()
    {
        var players = FactorioReplies.ParsePlayers("Online players (2):\n  PlayerOne (online)\n  Player_2 (online)");

        Assert.Equal([new FactorioPlayer("PlayerOne", true), new FactorioPlayer("Player_2", true)], players);
    }

    [Fact]
    public void ParsePlayers_AllPlayersList_MarksOnlineOnes()
    {
        var players = FactorioReplies.ParsePlayers("Players (3):\n  Dr.Gadorcha (online)\n  foo-bar\n  Vance307");

        Assert.Equal([new FactorioPlayer("Dr.Gadorcha", true), new FactorioPlayer("foo-bar", false), new FactorioPlayer("Vance307", false)], players);
    }

    [Fact]
    public void ParseAdmins_ReferenceVectors()
    {
        Assert.Equal(["Admin1", "Admin2"], FactorioReplies.ParseAdmins("- Admin1\n- Admin2"));
        Assert.Empty(FactorioReplies.ParseAdmins("There are no admins."));
        Assert.Equal(["Alice"], FactorioReplies.ParseAdmins("Admins (1):\n  Alice (online)"));
    }

    [Theory]
    [InlineData("Version 1.1.99", 1, 1, 99)]
    [InlineData("2.0.77", 2, 0, 77)]
    [InlineData("2.0.77\n", 2, 0, 77)]
    public void ParseVersion_ReferenceVectors(string reply, int major, int minor, int patch)
    {
        Assert.True(FactorioVersion.TryParse(reply, out var version));
        Assert.Equal(new FactorioVersion(major, minor, patch), version);
        Assert.False(FactorioVersion.TryParse("Unknown command", out _));
    }

    [Fact]
    public void TryParseEvolution_ReferenceVectors()
    {
        Assert.True(FactorioReplies.TryParseEvolution("{\"nauvis\": 0.42, \"gleba\": 0.15}", out var json));
        Assert.Equal(0.42, json["nauvis"]);
        Assert.Equal(0.15, json["gleba"]);

        Assert.False(FactorioReplies.TryParseEvolution("not valid json {", out var bad));
        Assert.Empty(bad);

        Assert.True(FactorioReplies.TryParseEvolution("AGG:42.50%\nnauvis:42.50%\ngleba:42.50%", out var lines));
        Assert.Equal(2, lines.Count);
        Assert.Equal(0.425, lines["gleba"], 6);

        Assert.True(FactorioReplies.TryParseEvolution("[]", out var empty));
        Assert.Empty(empty);
        Assert.False(FactorioReplies.TryParseEvolution("SURFACE_NOT_FOUND", out _));
    }

    [Fact]
    public void TryParseResearch_ReferenceVectorAndOurFormat()
    {
        Assert.True(FactorioReplies.TryParseResearch("42/128", out var plain));
        Assert.Equal(new ResearchStatus(42, 128, null, null), plain);

        Assert.True(FactorioReplies.TryParseResearch("42/128\tlogistics\t0.25\n", out var full));
        Assert.Equal(new ResearchStatus(42, 128, "logistics", 0.25), full);

        Assert.False(FactorioReplies.TryParseResearch("FORCE_NOT_FOUND", out _));
    }

    [Theory]
    [InlineData("Saving map to /saves/LosHermanos.zip", "LosHermanos")]
    [InlineData("Saving to _autosave1 (non-blocking)", "_autosave1")]
    [InlineData("", null)]
    [InlineData("Unknown command", null)]
    public void ParseSaveLabel_ReferenceVectors(string reply, string? label)
    {
        Assert.Equal(label, FactorioReplies.ParseSaveLabel(reply));
    }

    [Fact]
    public void TryParseTick_ReferenceVectors()
    {
        Assert.True(FactorioReplies.TryParseTick("1000", out var a));
        Assert.True(FactorioReplies.TryParseTick("216000\n", out var b));
        Assert.Equal((1000, 216000), (a, b));
        Assert.False(FactorioReplies.TryParseTick("Using Lua console commands will disable achievements.", out _));
    }

    [Fact]
    public void TryParseSeed_FindsTheNumber()
    {
        Assert.True(FactorioReplies.TryParseSeed("1234\n", out var seed));
        Assert.Equal(1234UL, seed);
    }

    [Fact]
    public void IsAchievementWarning_RecognisesFactoriosText()
    {
        Assert.True(FactorioReplies.IsAchievementWarning("Using Lua console commands will disable achievements. Please repeat the command to proceed."));
        Assert.False(FactorioReplies.IsAchievementWarning("12345\n"));
    }

    private static string[] Names(string reply) => FactorioReplies.ParsePlayers(reply).Select(p => p.Name).ToArray();
}
