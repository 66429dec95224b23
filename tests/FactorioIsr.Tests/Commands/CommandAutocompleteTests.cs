namespace FactorioIsr.Tests.Commands;

/// <summary>Autocomplete: server tags, online players, technologies and surfaces, answered with type 8 within the window.</summary>
public sealed class CommandAutocompleteTests
{
    [Fact]
    public async Task Suggests_servers_players_technologies_and_surfaces()
    {
        await using var h = await CommandHarness.StartAsync();
        var online = await h.OnlinePlayersAsync();

        var servers = await SuggestAsync(h, "factorio", "connect", "server", "sim");
        Assert.Equal(["sim1", "sim2"], servers.Select(c => c.Value));
        Assert.Equal("sim1 - Sim 1 (the first)", servers[0].Name);

        var players = await SuggestAsync(h, "factorio-admin", "kick", "player", online[0][..2]);
        Assert.Contains(online[0], players.Select(c => c.Value));

        var technologies = await SuggestAsync(h, "factorio-admin", "research", "technology", "auto");
        Assert.Contains("automation", technologies.Select(c => c.Value));

        var surfaces = await SuggestAsync(h, "factorio", "evolution", "target", "");
        Assert.Contains("nauvis", surfaces.Select(c => c.Value));
        Assert.Empty(h.Fake.ValidationFailures);
    }

    private static async Task<List<(string Name, string Value)>> SuggestAsync(CommandHarness h, string top, string sub, string focused, string typed)
    {
        var exchange = h.Inject(InteractionJson.Autocomplete(CommandHarness.NextId(), top, sub, CommandHarness.Administrator, focused, (focused, typed)));
        await h.Router.Idle;
        var callback = exchange.Callback;
        Assert.Equal(8, callback.Type);
        return [.. callback.Body!["data"]!["choices"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["value"]!.GetValue<string>()))];
    }
}
