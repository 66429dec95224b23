using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Tests.Simulator;

/// <summary>The simulator must answer everything ISR's builders send, for both Lua dialects.</summary>
public sealed class SimulatorBuilderCoverageTests
{
    [Theory]
    [InlineData("2.0.77")]
    [InlineData("1.1.110")]
    public async Task EveryBuilder_GetsAPlausibleAnswer(string version)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 2, version: version);
        await using var client = sim.CreateClient();
        Assert.True(FactorioVersion.TryParse(version, out var parsed));
        var commands = new FactorioCommands(parsed, achievementSafe: false);
        var safe = new FactorioCommands(parsed, achievementSafe: true);
        var online = FactorioReplies.ParsePlayers(await client.ExecuteAsync(FactorioCommands.PlayersOnline().Text, ct));
        var someone = online[0].Name;

        async Task<string> Run(RconCommand command)
        {
            var reply = await client.ExecuteAsync(command.Text, ct);
            Assert.DoesNotContain("Unknown command", reply, StringComparison.Ordinal);
            return reply;
        }

        Assert.True(FactorioReplies.TryParseTick(await Run(commands.Tick()), out _));
        Assert.True(FactorioReplies.TryParseSeed(await Run(commands.Seed()), out var luaSeed));
        Assert.True(FactorioReplies.TryParseSeed(await Run(safe.Seed()), out var builtinSeed));
        Assert.Equal(luaSeed, builtinSeed);
        Assert.True(FactorioReplies.TryParseEvolution(await Run(commands.Evolution()), out var evolution));
        Assert.NotEmpty(evolution);
        Assert.True(FactorioReplies.TryParseResearch(await Run(commands.Research()), out _));
        Assert.True(MapAge.TryParse(await Run(FactorioCommands.Time()), out _));
        Assert.True(FactorioVersion.TryParse(await Run(FactorioCommands.GameVersion()), out var reported));
        Assert.Equal(parsed, reported);
        Assert.Equal(2, FactorioReplies.ParsePlayers(await Run(FactorioCommands.Players())).Count);
        Assert.NotEmpty(FactorioReplies.ParseAdmins(await Run(FactorioCommands.Admins())));
        Assert.Equal("1\n", await Run(commands.GetSpeed()));
        Assert.Equal("0.5\n", await Run(commands.SetSpeed(0.5)));
        Assert.True(double.TryParse(await Run(commands.GetDaytime()), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("0.25\n", await Run(commands.SetDaytime(0.25, freeze: true)));
        Assert.NotNull(FactorioReplies.ParseSaveLabel(await Run(FactorioCommands.Save())));
        await Run(FactorioCommands.Whisper(someone, "hello"));
        await Run(FactorioCommands.Mute(someone));
        await Run(FactorioCommands.Unmute(someone));
        await Run(FactorioCommands.Promote(someone));
        await Run(FactorioCommands.Demote(someone));
        await Run(FactorioCommands.Whitelist(WhitelistAction.Enable));
        await Run(FactorioCommands.Whitelist(WhitelistAction.Add, someone));
        await Run(FactorioCommands.Whitelist(WhitelistAction.Remove, someone));
        await Run(FactorioCommands.Whitelist(WhitelistAction.Clear));
        await Run(FactorioCommands.Whitelist(WhitelistAction.Disable));
        await Run(FactorioCommands.Broadcast("maintenance in 5 minutes"));
        await Run(FactorioCommands.Kick(someone, "afk"));
        await Run(FactorioCommands.Ban(someone, "grief"));
        await Run(FactorioCommands.Unban(someone));

        var console = sim.ReadLines("console.log");
        Assert.Contains(console, l => l.EndsWith("[CHAT] <server>: maintenance in 5 minutes", StringComparison.Ordinal));
        Assert.Contains(console, l => l.EndsWith($"[UNBANNED] {someone} was unbanned by <server>.", StringComparison.Ordinal));
        Assert.Contains(console, l => l.EndsWith($"[DEMOTE] {someone} was demoted from admin by <server>.", StringComparison.Ordinal));
    }
}
