using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Rcon;

public sealed class FactorioCommandsTests
{
    private static readonly FactorioCommands V2 = new(new FactorioVersion(2, 0, 77), achievementSafe: false);
    private static readonly FactorioCommands V1 = new(new FactorioVersion(1, 1, 110), achievementSafe: false);
    private static readonly FactorioCommands Safe = new(new FactorioVersion(2, 0, 77), achievementSafe: true);

    [Fact]
    public void Evolution_V2_PerSurfaceWithHelpers_V1_ForceWideWithGameJson()
    {
        var v2 = V2.Evolution();
        var v1 = V1.Evolution();

        Assert.True(v2.IsLua);
        Assert.Contains("get_evolution_factor(s)", v2.Text, StringComparison.Ordinal);
        Assert.Contains("helpers.table_to_json", v2.Text, StringComparison.Ordinal);
        Assert.Contains("s.platform", v2.Text, StringComparison.Ordinal);
        Assert.Contains("game.forces.enemy.evolution_factor", v1.Text, StringComparison.Ordinal);
        Assert.Contains("game.table_to_json", v1.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("helpers", v1.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evolution_EarlyV2WithoutHelpers_UsesGameJson()
    {
        var early = new FactorioCommands(new FactorioVersion(2, 0, 6), achievementSafe: false);

        Assert.Contains("game.table_to_json", early.Evolution().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_DiffersByVersion_AndFallsBackToBuiltinWhenAchievementSafe()
    {
        Assert.Equal("/sc rcon.print(game.default_map_gen_settings.seed)", V2.Seed().Text);
        Assert.Equal("/sc rcon.print(game.surfaces[1].map_gen_settings.seed)", V1.Seed().Text);
        Assert.Equal(new RconCommand("/seed", false), Safe.Seed());
    }

    [Fact]
    public void LuaBuilders_AchievementSafe_RefuseWithReason()
    {
        Action[] lua = [() => Safe.Tick(), () => Safe.Evolution(), () => Safe.Research(), () => Safe.GetSpeed(), () => Safe.SetSpeed(2), () => Safe.GetDaytime(), () => Safe.SetDaytime(0.5, true)];

        foreach (var build in lua)
        {
            var error = Assert.Throws<RconFeatureDisabledException>(build);
            Assert.Contains("achievement_safe", error.Reason, StringComparison.Ordinal);
            Assert.False(error.IsTransient);
        }

        Assert.NotNull(Safe.DisabledReason(FactorioFeature.Tick));
        Assert.Null(V2.DisabledReason(FactorioFeature.Tick));
    }

    [Fact]
    public void Research_ForceName_IsEncodedAsLuaString_NotConcatenated()
    {
        var command = V2.Research("player\"] game.print('x') --");

        Assert.Contains("game.forces[\"player\\\"] game.print('x') --\"]", command.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GetDaytime_SurfaceName_IsEncoded()
    {
        Assert.Contains("game.get_surface(\"nau\\\\vis\\010\")", V2.GetDaytime("nau\\vis\n").Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alice; /ban Bob")]
    [InlineData("Alice Bob")]
    [InlineData("")]
    [InlineData("Al\nice")]
    [InlineData("\"Alice\"")]
    public void PlayerCommands_InvalidNames_Throw(string name)
    {
        Assert.Throws<ArgumentException>(() => FactorioCommands.Kick(name));
        Assert.Throws<ArgumentException>(() => FactorioCommands.Ban(name, "x"));
        Assert.Throws<ArgumentException>(() => FactorioCommands.Promote(name));
        Assert.Throws<ArgumentException>(() => FactorioCommands.Whitelist(WhitelistAction.Add, name));
    }

    [Fact]
    public void AdminCommands_ValidNames_BuildBuiltinCommands()
    {
        Assert.Equal("/kick Dr.Gadorcha griefing at spawn", FactorioCommands.Kick("Dr.Gadorcha", "griefing\nat spawn").Text);
        Assert.Equal("/ban foo-bar", FactorioCommands.Ban("foo-bar", "  ").Text);
        Assert.Equal("/unban foo-bar", FactorioCommands.Unban("foo-bar").Text);
        Assert.Equal("/mute Vance307", FactorioCommands.Mute("Vance307").Text);
        Assert.Equal("/unmute Vance307", FactorioCommands.Unmute("Vance307").Text);
        Assert.Equal("/promote PlayerOne", FactorioCommands.Promote("PlayerOne").Text);
        Assert.Equal("/demote PlayerOne", FactorioCommands.Demote("PlayerOne").Text);
        Assert.Equal("/whisper Alice hi there", FactorioCommands.Whisper("Alice", "hi\r\nthere").Text);
        Assert.Equal("/whitelist get", FactorioCommands.Whitelist(WhitelistAction.Get).Text);
        Assert.Equal("/whitelist remove Bob", FactorioCommands.Whitelist(WhitelistAction.Remove, "Bob").Text);
        Assert.Equal("/server-save", FactorioCommands.Save().Text);
        Assert.Equal("/server-save backup-1", FactorioCommands.Save("backup-1").Text);
        Assert.Throws<ArgumentException>(() => FactorioCommands.Save("../etc/passwd"));
        Assert.All(new[] { FactorioCommands.Players(), FactorioCommands.PlayersOnline(), FactorioCommands.Admins(), FactorioCommands.Time(), FactorioCommands.GameVersion() }, c => Assert.False(c.IsLua));
    }

    [Fact]
    public void Broadcast_IsRawChat_ALeadingSlashCannotRunACommand()
    {
        Assert.Equal(new RconCommand("hello all", false), FactorioCommands.Broadcast(" hello\nall "));
        Assert.Equal("\u200B/ban Alice", FactorioCommands.Broadcast("/ban Alice").Text);
        Assert.Throws<ArgumentException>(() => FactorioCommands.Broadcast("   "));
    }

    [Fact]
    public void SetSpeedAndDaytime_ValidateRanges_AndUseInvariantNumbers()
    {
        Assert.Equal("/sc game.speed=1.5 rcon.print(game.speed)", V2.SetSpeed(1.5).Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => V2.SetSpeed(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => V2.SetSpeed(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => V2.SetDaytime(1.5, false));
        Assert.Contains("s.daytime=0.25 s.freeze_daytime=true", V2.SetDaytime(0.25, true).Text, StringComparison.Ordinal);
    }
}
