using FactorioIsr.State;

namespace FactorioIsr.Tests.State;

/// <summary>The security monitor's part of the contract: infractions and the actions in force, across a reopen.</summary>
public abstract partial class StateStoreContract
{
    private static readonly DateTimeOffset SecurityTime = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Infractions_NewestFirst_FilteredByServerAndPlayerIgnoringCase_AndSurviveReopen()
    {
        var store = Open();
        await store.RecordInfractionAsync(new SecurityInfraction(0, "srv", "Mallory", "code_injection", "critical", "/c game.print(1)", "ban 1h", SecurityTime), Ct);
        await store.RecordInfractionAsync(new SecurityInfraction(0, "srv", "Eve", "chat_message", "medium", "spam", "alert", SecurityTime.AddSeconds(1)), Ct);
        await store.RecordInfractionAsync(new SecurityInfraction(0, "other", "mallory", "path_traversal", "high", "../../x", "alert", SecurityTime.AddSeconds(2)), Ct);
        store.Dispose();

        store = Open();
        var all = await store.LoadInfractionsAsync(null, null, 10, Ct);
        Assert.Equal(["path_traversal", "chat_message", "code_injection"], all.Select(i => i.Rule));
        Assert.True(all[0].Id > all[1].Id);
        Assert.Equal(SecurityTime.AddSeconds(2), all[0].At);
        Assert.Equal(["path_traversal", "code_injection"], (await store.LoadInfractionsAsync(null, "MALLORY", 10, Ct)).Select(i => i.Rule));
        var one = Assert.Single(await store.LoadInfractionsAsync("srv", "mallory", 10, Ct));
        Assert.Equal(new SecurityInfraction(one.Id, "srv", "Mallory", "code_injection", "critical", "/c game.print(1)", "ban 1h", SecurityTime), one);
        Assert.Single(await store.LoadInfractionsAsync(null, null, 1, Ct));
    }

    [Fact]
    public async Task SecurityActions_KeyedByServerPlayerAndAction_SoonestFirst_RemovedOnce_AndSurviveReopen()
    {
        var store = Open();
        await store.SaveSecurityActionAsync(new SecurityActionRecord("srv", "Mallory", "ban", "code_injection", SecurityTime, null), Ct);
        await store.SaveSecurityActionAsync(new SecurityActionRecord("srv", "Eve", "mute", "chat_message", SecurityTime, SecurityTime.AddMinutes(10)), Ct);
        await store.SaveSecurityActionAsync(new SecurityActionRecord("other", "Eve", "mute", "chat_message", SecurityTime, SecurityTime.AddMinutes(5)), Ct);
        await store.SaveSecurityActionAsync(new SecurityActionRecord("srv", "EVE", "mute", "mention_admin", SecurityTime, SecurityTime.AddMinutes(20)), Ct); // replaces Eve's
        store.Dispose();

        store = Open();
        var active = await store.LoadSecurityActionsAsync(Ct);
        Assert.Equal(
            [("other", "Eve", "mute", (DateTimeOffset?)SecurityTime.AddMinutes(5)), ("srv", "EVE", "mute", SecurityTime.AddMinutes(20)), ("srv", "Mallory", "ban", null)],
            active.Select(a => (a.Server, a.Player, a.Action, a.ExpiresAt)));
        Assert.Equal("mention_admin", active[1].Rule);

        Assert.True(await store.RemoveSecurityActionAsync("srv", "eve", "mute", Ct));
        Assert.False(await store.RemoveSecurityActionAsync("srv", "eve", "mute", Ct));
        Assert.False(await store.RemoveSecurityActionAsync("srv", "Mallory", "mute", Ct));
        Assert.Equal(["Eve", "Mallory"], (await store.LoadSecurityActionsAsync(Ct)).Select(a => a.Player));
    }
}
