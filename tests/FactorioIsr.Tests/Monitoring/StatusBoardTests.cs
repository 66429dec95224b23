using FactorioIsr.Configuration;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Monitoring;
using FactorioIsr.State;
using FactorioIsr.Tests.Discord;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>
/// <c>stats_mode: edit</c> against the simulator and the fake Discord: one message per server edited in place, the same
/// one after a restart of isr, posted again once after someone deletes it, the chart attachment replaced at most every
/// 5 minutes, edits coalesced, and every body valid against Discord's OpenAPI document.
/// </summary>
public sealed class StatusBoardTests
{
    private const string Channel = "300";
    private static readonly StatusBoardOptions Options = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<MonitorHarness> StartAsync()
    {
        var h = await MonitorHarness.StartAsync(MonitorHarness.FastSettings with { StatsMode = StatsMode.Edit }, players: 2);
        h.StatusChannelId = Channel;
        await h.NewMonitorAsync();
        return h;
    }

    /// <summary>One stats round 20 s later (past the edit interval), then one board pass.</summary>
    private static async Task RoundAsync(MonitorHarness h, StatusBoard board)
    {
        await h.SampleAsync(2);
        await h.Monitor.CollectStatsAsync(Ct);
        await board.UpdateAsync([h.Monitor], null, Ct);
    }

    private static FakeMessage Only(FakeDiscordServer fake) => Assert.Single(fake.Messages, m => m.ChannelId == Channel);

    [Fact]
    public async Task EditMode_EditsOneMessageInPlace_AcrossARestart_AndPostsNoStatsEvents()
    {
        await using var h = await StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var board = new StatusBoard(h.Store, client, Options, NullLogger.Instance);

        await h.Monitor.CheckRconAsync(Ct);
        await RoundAsync(h, board);
        var created = Only(fake);
        var chart = Assert.Single(created.Attachments!);
        Assert.Equal("ups.png", chart.FileName);
        Assert.Equal((800, 300), StatusChartTests.PngSize(chart.Content));
        Assert.Contains("Sim 1 status", created.Embeds!.Value[0].GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(new StatusMessageRecord(Channel, created.Id, 1), h.Store.LoadStatusMessage("sim1"));

        var requests = fake.Requests.Count;
        await board.UpdateAsync([h.Monitor], null, Ct); // nothing changed: nothing sent
        Assert.Equal(requests, fake.Requests.Count);

        await RoundAsync(h, board);
        await h.Monitor.CollectStatsAsync(Ct); // a second change within the edit interval: coalesced
        await board.UpdateAsync([h.Monitor], null, Ct);
        var edited = Only(fake);
        Assert.Equal(created.Id, edited.Id);
        Assert.Equal(1, edited.Edits);
        Assert.Equal(chart.Id, Assert.Single(edited.Attachments!).Id); // chart kept (under 5 minutes)
        Assert.Contains("cdn.discordapp.test", fake.Requests[^1].Body, StringComparison.Ordinal); // the embed points at the kept upload

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await RoundAsync(h, board);
        var replaced = Only(fake);
        Assert.Equal(2, replaced.Edits);
        Assert.NotEqual(chart.Id, Assert.Single(replaced.Attachments!).Id); // the chart attachment replaced

        // A restart of isr: a new monitor and a new board over the same store edit the same message.
        await h.NewMonitorAsync();
        var restarted = new StatusBoard(h.Store, client, Options, NullLogger.Instance);
        await RoundAsync(h, restarted);
        var after = Only(fake);
        Assert.Equal(created.Id, after.Id);
        Assert.Equal(3, after.Edits);
        Assert.Empty(h.OfType("stats"));
        Assert.DoesNotContain(fake.Requests, r => r.Status >= 400);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task DeletedMessage_IsPostedAgainOnce_ThenEditedInPlace()
    {
        await using var h = await StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var board = new StatusBoard(h.Store, client, Options, NullLogger.Instance);
        await RoundAsync(h, board);
        var first = Only(fake);

        Assert.True(fake.DeleteMessage(first.Id)); // someone deletes it in Discord
        await RoundAsync(h, board);

        var second = Only(fake);
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotNull(second.Attachments); // a new message carries a chart
        Assert.Equal(new StatusMessageRecord(Channel, second.Id, 2), h.Store.LoadStatusMessage("sim1"));
        Assert.Single(fake.Requests, r => r.Status == 404);

        await RoundAsync(h, board);
        Assert.Equal(1, Only(fake).Edits);
        Assert.Equal(2, fake.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task PendingCreate_AfterACrash_IsRetriedWithTheSameNonce_AndPostsOnce()
    {
        await using var h = await StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        await RoundAsync(h, new StatusBoard(h.Store, client, Options, NullLogger.Instance));
        var first = Only(fake);

        // As if isr crashed after Discord created the message and before its id was saved.
        h.Store.SaveStatusMessage("sim1", new StatusMessageRecord(Channel, null, 1));
        await RoundAsync(h, new StatusBoard(h.Store, client, Options, NullLogger.Instance));

        Assert.Equal(first.Id, Only(fake).Id);
        Assert.Equal(new StatusMessageRecord(Channel, first.Id, 1), h.Store.LoadStatusMessage("sim1"));
        Assert.Equal(StatusBoard.Nonce("sim1", 1), first.Nonce);
        Assert.True(StatusBoard.Nonce("a-very-long-server-tag-indeed", 123456).Length <= 25);
    }

    [Fact]
    public async Task PostMode_PostsStatsEvents_AndTheBoardLeavesItAlone()
    {
        await using var h = await MonitorHarness.StartAsync(players: 1);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var board = new StatusBoard(h.Store, client, Options, NullLogger.Instance);

        await RoundAsync(h, board);

        Assert.Single(h.OfType("stats"));
        Assert.Empty(fake.Requests);
    }
}
