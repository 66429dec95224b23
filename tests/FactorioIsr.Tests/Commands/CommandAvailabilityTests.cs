namespace FactorioIsr.Tests.Commands;

/// <summary>Specific ephemeral errors before anything runs: a Lua feature disabled by achievement_safe, RCON down since when.</summary>
public sealed class CommandAvailabilityTests
{
    [Fact]
    public async Task Achievement_safe_disables_lua_commands_with_the_reason()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1, achievementSafe: true);
        foreach (var (sub, option, value) in new (string, string, object)[] { ("evolution", "target", "all"), ("research", "force", "player"), ("clock", "value", "day") })
        {
            var reply = await h.RunAsync(sub, options: (option, value));
            Assert.True(reply.Ephemeral);
            Assert.Contains("achievement_safe is on", reply.Description, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(h.Received(), b => b.StartsWith("/sc", StringComparison.Ordinal));

        // Built-in commands still work, and raw Lua through rcon is refused by the encoder.
        Assert.StartsWith("👥", (await h.RunAsync("players")).Title, StringComparison.Ordinal);
        var ask = await h.RunAsync("rcon", options: ("command", "/sc game.speed=2"));
        var customId = ask.Callback.Body!["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        var click = h.Inject(InteractionJson.Button(CommandHarness.NextId(), customId, CommandHarness.Administrator));
        await h.Router.Idle;
        Assert.Contains("achievement_safe", click.All, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Received(), b => b.StartsWith("/sc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rcon_down_is_reported_with_since_when()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        var monitor = h.Servers.Monitors["sim1"];
        await monitor.Rcon.GetCommandsAsync(TestContext.Current.CancellationToken);
        await monitor.Client.ExecuteAsync("/sim rcon-down 30", TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<FactorioIsr.Rcon.RconException>(() => monitor.Client.ExecuteAsync("/version", TestContext.Current.CancellationToken));

        var reply = await h.RunAsync("players");
        Assert.True(reply.Ephemeral);
        Assert.Equal(4, reply.Callback.Type); // refused at once, not deferred
        Assert.Contains("RCON not available for Sim 1 (`sim1`): down since <t:", reply.Description, StringComparison.Ordinal);
    }
}
