using FactorioIsr.Monitoring;
using FactorioIsr.State;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>The status card against the simulator: its figures are the simulator's, the chart is a valid PNG of the kept history.</summary>
public sealed class StatusCardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Build_ShowsTheSimulatorsFigures_AndAChartOfTheHistory()
    {
        await using var h = await MonitorHarness.StartAsync(players: 3);
        await h.Monitor.CheckRconAsync(Ct);
        await h.SampleAsync(12); // 2 minutes at 10 s: a point every 30 s

        var card = await StatusCard.BuildAsync(h.Monitor, new StatusCardOptions(Chart: true, Refresh: true, Relay: "lag 0.2 s · outbox 0"), Ct);

        var embed = card.Embed;
        Assert.Equal("🏭 Sim 1 status", embed.Title);
        Assert.StartsWith("🟢 Online", embed.Description, StringComparison.Ordinal);
        Assert.Equal("attachment://ups.png", embed.ImageUrl);
        var fields = embed.Fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        Assert.StartsWith("60.0/60.0 · SMA 60.0 · EMA 60.0", fields["UPS"], StringComparison.Ordinal);
        Assert.Contains("`█", fields["UPS"], StringComparison.Ordinal); // the sparkline, full at 60 UPS
        var players = h.Monitor.LastStats!.Reading.Players;
        Assert.Equal(3, players.Count);
        Assert.Equal(string.Join(", ", players.Select(p => FactorioIsr.Security.GameTextEscaper.Escape(p))), fields["👥 Players (3)"]); // markdown escaped
        Assert.Contains("nauvis", fields["🐛 Evolution"], StringComparison.Ordinal);
        Assert.Equal("lag 0.2 s · outbox 0", fields["📡 Relay"]);
        Assert.Contains("Connected", fields["🔌 RCON"], StringComparison.Ordinal);
        Assert.Equal((800, 300), StatusChartTests.PngSize(card.Chart!));
        Assert.Contains("Players (3)", card.Text, StringComparison.Ordinal);

        var history = h.Store.LoadSampleHistory("sim1", DateTimeOffset.MinValue);
        Assert.InRange(history.Count, 3, 5); // 110 s of samples, at most one point per 30 s
        Assert.All(history, p => Assert.Equal(60, p.Ups!.Value, 1));
    }

    [Fact]
    public async Task Build_Paused_AndOffline_SayWhatTheyAre_WithoutInventedFigures()
    {
        await using var h = await MonitorHarness.StartAsync(players: 0);
        await h.Monitor.CheckRconAsync(Ct);
        await h.CommandAsync("/sim pause");
        await h.SampleAsync(3);

        var paused = await StatusCard.BuildAsync(h.Monitor, new StatusCardOptions(Chart: false, Refresh: true), Ct);
        Assert.Contains("paused", paused.Embed.Description, StringComparison.Ordinal);
        Assert.Null(paused.Chart);
        Assert.Null(paused.Embed.ImageUrl);

        await h.CommandAsync("/sim rcon-down 600");
        await WaitUntilAsync(() => !h.Monitor.Client.IsConnected);
        await h.Monitor.CheckRconAsync(Ct);
        var offline = await StatusCard.BuildAsync(h.Monitor, new StatusCardOptions(Chart: false, Refresh: true), Ct);
        Assert.StartsWith("🔴 Offline", offline.Embed.Description, StringComparison.Ordinal);
        Assert.StartsWith("no reading (offline)", offline.Embed.Fields[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparkline_ScalesToTheTarget_AndMarksGaps()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var points = new List<HistoryPoint>();
        for (var i = 0; i < 60; i++)
        {
            double? ups = i < 20 ? 60 : i < 40 ? 30 : i < 45 ? null : 0.1;
            points.Add(new HistoryPoint(now.AddMinutes(i - 60), ups, Paused: i is >= 40 and < 45, Players: 1));
        }

        var line = StatusCard.Sparkline(points, now, 60, width: 12);

        Assert.Equal("████▅▅▅▅·▁▁▁", line);
        Assert.Equal("", StatusCard.Sparkline([], now, 60));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(condition());
    }
}
