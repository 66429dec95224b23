using FactorioIsr.ChatBridge;
using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.ChatBridge;

public sealed class ChatLoopGuardTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private SqliteStateStore OpenStore() => SqliteStateStore.Open(_dir.Combine("isr.db"), _time, NullLogger.Instance);

    private FactorioEvent Chat(string server, string player, string message, string type = "chat") => new(
        "id", server, LogSourceKind.Console, type, player, message, EventFields.Empty, "chat", "chat", _time.GetUtcNow(), "[CHAT] " + player + ": " + message, message);

    [Fact]
    public async Task AnEchoIsRecognisedOncePerRelayedLine_OnlyForItsServer_OnlyAsServerChat()
    {
        using var store = OpenStore();
        var guard = new ChatLoopGuard(store, _time);
        await guard.LoadAsync(Ct);
        await guard.RecordAsync("a", "[Discord] Mason: hi", Ct);
        await guard.RecordAsync("a", "[Discord] Mason: hi", Ct); // said twice: two echoes

        Assert.False(guard.IsEcho(Chat("b", "<server>", "[Discord] Mason: hi")));
        Assert.False(guard.IsEcho(Chat("a", "Mason", "[Discord] Mason: hi"))); // a player typing it
        Assert.False(guard.IsEcho(Chat("a", "<server>", "[Discord] Mason: hi", type: "command")));
        Assert.False(guard.IsEcho(Chat("a", "<server>", "[Discord] Mason: hi!")));
        Assert.True(guard.IsEcho(Chat("a", "<server>", "[Discord] Mason: hi ")));
        Assert.True(guard.IsEcho(Chat("a", "<server>", "[Discord] Mason: hi")));
        Assert.False(guard.IsEcho(Chat("a", "<server>", "[Discord] Mason: hi"))); // a third one was typed on the console
    }

    [Fact]
    public async Task ARelayedLineExpires_AfterItsLifetime()
    {
        using var store = OpenStore();
        var guard = new ChatLoopGuard(store, _time);
        await guard.LoadAsync(Ct);
        await guard.RecordAsync("a", "[Discord] Mason: old", Ct);
        await guard.RecordAsync("a", "[Discord] Mason: fresh", Ct);
        _time.Advance(ChatLoopGuard.Lifetime + TimeSpan.FromSeconds(1));
        Assert.False(guard.IsEcho(Chat("a", "<server>", "[Discord] Mason: old")));
    }

    [Fact]
    public async Task WhatWasRelayedBeforeARestart_IsRecognisedByTheNextProcess_UnlessExpired()
    {
        using (var store = OpenStore())
        {
            var guard = new ChatLoopGuard(store, _time);
            await guard.LoadAsync(Ct);
            await guard.RecordAsync("a", "[Discord] Mason: long ago", Ct);
            _time.Advance(TimeSpan.FromMinutes(4));
            await guard.RecordAsync("a", "[Discord] Mason: just now", Ct);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        using var reopened = OpenStore();
        var next = new ChatLoopGuard(reopened, _time);
        await next.LoadAsync(Ct);
        Assert.True(next.IsEcho(Chat("a", "<server>", "[Discord] Mason: just now")));
        Assert.False(next.IsEcho(Chat("a", "<server>", "[Discord] Mason: long ago")));
    }

    [Fact]
    public async Task AtMostKeepPerServerLinesWait_TheOldestGoFirst()
    {
        using var store = OpenStore();
        var guard = new ChatLoopGuard(store, _time);
        await guard.LoadAsync(Ct);
        for (var i = 0; i <= ChatLoopGuard.KeepPerServer; i++)
        {
            await guard.RecordAsync("a", "line " + i, Ct);
        }

        Assert.False(guard.IsEcho(Chat("a", "<server>", "line 0")));
        Assert.True(guard.IsEcho(Chat("a", "<server>", "line 1")));
        Assert.True(guard.IsEcho(Chat("a", "<server>", "line " + ChatLoopGuard.KeepPerServer)));
        Assert.Equal(ChatLoopGuard.KeepPerServer, (await ((IStateStore)store).LoadRelayedChatAsync(DateTimeOffset.MinValue, Ct)).Count);
    }
}
