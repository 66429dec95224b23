using FactorioIsr.State;

namespace FactorioIsr.Tests.State;

/// <summary>The chat bridge's relayed lines (the loop guard): saved, expired, bounded per server, kept across a reopen.</summary>
public abstract partial class StateStoreContract
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RelayedChat_SavedPerServer_LoadedSinceATime_OldestFirst_AndSurvivesReopen()
    {
        var store = Open("chat");
        Assert.Empty(await store.LoadRelayedChatAsync(DateTimeOffset.MinValue, Ct));

        await store.SaveRelayedChatAsync(new("srv", "h1", Noon), Noon.AddMinutes(-5), 100, Ct);
        await store.SaveRelayedChatAsync(new("other", "h2", Noon.AddSeconds(1)), Noon.AddMinutes(-5), 100, Ct);
        await store.SaveRelayedChatAsync(new("srv", "h1", Noon.AddSeconds(2)), Noon.AddMinutes(-5), 100, Ct); // the same line twice: two echoes

        Assert.Equal(
            [new("srv", "h1", Noon), new("other", "h2", Noon.AddSeconds(1)), new RelayedChatLine("srv", "h1", Noon.AddSeconds(2))],
            await store.LoadRelayedChatAsync(Noon, Ct));
        Assert.Equal([new RelayedChatLine("srv", "h1", Noon.AddSeconds(2))], await store.LoadRelayedChatAsync(Noon.AddSeconds(2), Ct));

        store.Dispose();
        _opened.Remove(store);
        var reopened = Open("chat");
        Assert.Equal(3, (await reopened.LoadRelayedChatAsync(Noon, Ct)).Count);
    }

    [Fact]
    public async Task RelayedChat_ASaveForgetsExpiredLines_AndKeepsTheNewestPerServer()
    {
        var store = Open("chat-bounds");
        await store.SaveRelayedChatAsync(new("srv", "old", Noon), Noon.AddMinutes(-5), 3, Ct);
        await store.SaveRelayedChatAsync(new("other", "kept", Noon.AddMinutes(4)), Noon.AddMinutes(-5), 3, Ct);
        for (var i = 0; i < 5; i++)
        {
            await store.SaveRelayedChatAsync(new("srv", "n" + i, Noon.AddMinutes(6)), Noon.AddMinutes(1), 3, Ct);
        }

        var left = await store.LoadRelayedChatAsync(DateTimeOffset.MinValue, Ct);
        Assert.Equal(["kept", "n2", "n3", "n4"], left.Select(l => l.Hash));
    }
}
