using FactorioIsr.State;

namespace FactorioIsr.Tests.State;

/// <summary>The status board's state: the status message per server, and the bounded sample history.</summary>
public abstract partial class StateStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task StatusMessage_SavedPerServer_Replaced_Forgotten_AndSurvivesReopen()
    {
        var store = Open("board");
        Assert.Null(await store.LoadStatusMessageAsync("srv", Ct));

        await store.SaveStatusMessageAsync("srv", new StatusMessageRecord("100", null, 1), Ct); // creating
        await store.SaveStatusMessageAsync("other", new StatusMessageRecord("200", "9", 1), Ct);
        await store.SaveStatusMessageAsync("srv", new StatusMessageRecord("100", "5", 1), Ct); // created

        Assert.Equal(new StatusMessageRecord("100", "5", 1), await store.LoadStatusMessageAsync("srv", Ct));
        Assert.Equal(new StatusMessageRecord("200", "9", 1), await store.LoadStatusMessageAsync("other", Ct));

        await store.SaveStatusMessageAsync("other", null, Ct);
        Assert.Null(await store.LoadStatusMessageAsync("other", Ct));

        store.Dispose();
        _opened.Remove(store);
        var reopened = Open("board");
        Assert.Equal(new StatusMessageRecord("100", "5", 1), await reopened.LoadStatusMessageAsync("srv", Ct));
    }

    [Fact]
    public async Task SampleHistory_IsBoundedByWindowAndCount_PerServer_OldestFirst()
    {
        var store = Open("history");
        var bounds = new HistoryBounds(TimeSpan.FromMinutes(10), 8);
        for (var i = 0; i < 30; i++)
        {
            await store.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddMinutes(i), 60 - i, Paused: i == 29, Players: i % 4 == 0 ? null : i), bounds, Ct);
        }

        await store.AppendSampleHistoryAsync("other", new HistoryPoint(T0, null, false, null), bounds, Ct);

        var all = await store.LoadSampleHistoryAsync("srv", DateTimeOffset.MinValue, Ct);
        Assert.Equal(8, all.Count); // the count bound (the window alone would keep 11)
        Assert.Equal(T0.AddMinutes(22), all[0].At);
        Assert.Equal(new HistoryPoint(T0.AddMinutes(29), 31, true, 29), all[^1]);
        Assert.Null(all[^6].Players); // minute 24
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.At < p.Second.At));

        var recent = await store.LoadSampleHistoryAsync("srv", T0.AddMinutes(27), Ct);
        Assert.Equal(3, recent.Count);

        await store.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddHours(2), 10, false, 1), bounds, Ct);
        Assert.Single(await store.LoadSampleHistoryAsync("srv", DateTimeOffset.MinValue, Ct)); // the window bound
        Assert.Single(await store.LoadSampleHistoryAsync("other", DateTimeOffset.MinValue, Ct));
    }

    [Fact]
    public async Task SampleHistory_ReplacedPoints_AndAReopen_KeepTheCountBoundExact()
    {
        var store = Open("history-replace");
        var bounds = new HistoryBounds(TimeSpan.FromHours(1), 3);
        for (var i = 0; i < 3; i++)
        {
            await store.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddMinutes(i), 60, false, i), bounds, Ct);
        }

        await store.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddMinutes(2), 50, false, 9), bounds, Ct);   // the same minute again
        await store.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddMinutes(2), 40, false, 9), bounds, Ct);
        var kept = await store.LoadSampleHistoryAsync("srv", DateTimeOffset.MinValue, Ct);
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], kept.Select(p => p.At));
        Assert.Equal(40, kept[^1].Ups);

        await store.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddMinutes(3), 60, false, 1), bounds, Ct);
        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3)], (await store.LoadSampleHistoryAsync("srv", DateTimeOffset.MinValue, Ct)).Select(p => p.At));

        store.Dispose();
        _opened.Remove(store);
        var reopened = Open("history-replace");
        await reopened.AppendSampleHistoryAsync("srv", new HistoryPoint(T0.AddMinutes(4), 60, false, 1), bounds, Ct);
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(3), T0.AddMinutes(4)], (await reopened.LoadSampleHistoryAsync("srv", DateTimeOffset.MinValue, Ct)).Select(p => p.At));
    }
}
