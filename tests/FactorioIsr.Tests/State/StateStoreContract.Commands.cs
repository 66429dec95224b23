namespace FactorioIsr.Tests.State;

/// <summary>The commands' state: the registered definitions' hash per scope and each user's server, kept across a reopen.</summary>
public abstract partial class StateStoreContract
{
    [Fact]
    public async Task CommandHash_PerScope_ReplacedAndKeptAcrossReopen()
    {
        var store = Open("commands");
        Assert.Null(await store.LoadCommandHashAsync("global", Ct));
        await store.SaveCommandHashAsync("global", "aaa", Ct);
        await store.SaveCommandHashAsync("guild:1", "bbb", Ct);
        await store.SaveCommandHashAsync("global", "ccc", Ct);
        Assert.Equal("ccc", await store.LoadCommandHashAsync("global", Ct));

        store.Dispose();
        _opened.Remove(store);
        var reopened = Open("commands");
        Assert.Equal("ccc", await reopened.LoadCommandHashAsync("global", Ct));
        Assert.Equal("bbb", await reopened.LoadCommandHashAsync("guild:1", Ct));
    }

    [Fact]
    public async Task UserServer_SavedReplacedAndKeptAcrossReopen()
    {
        var store = Open("contexts");
        Assert.Null(await store.LoadUserServerAsync("53908232506183680", Ct));
        await store.SaveUserServerAsync("53908232506183680", "prod", Ct);
        await store.SaveUserServerAsync("53908232506183680", "staging", Ct);
        await store.SaveUserServerAsync("1", "prod", Ct);

        store.Dispose();
        _opened.Remove(store);
        var reopened = Open("contexts");
        Assert.Equal("staging", await reopened.LoadUserServerAsync("53908232506183680", Ct));
        Assert.Equal("prod", await reopened.LoadUserServerAsync("1", Ct));
    }
}
