using System.Collections.Concurrent;
using FactorioIsr.ChatBridge;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.State;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.ChatBridge;

/// <summary>The sender against a simulated server whose RCON goes away: retried while it is down, dropped (said) after the window.</summary>
public sealed class ChatRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RconDownForAMoment_TheLineIsRetried_AndArrivesOnceWhenRconIsBack_InOrder()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 0);
        await using var client = sim.CreateClient();
        using var rcon = new FactorioRcon(client, achievementSafe: true);
        using var store = SqliteStateStore.Open(dir.Combine("isr.db"), TimeProvider.System, NullLogger.Instance);
        var guard = new ChatLoopGuard(store, TimeProvider.System);
        await using var relay = new ChatRelay(_ => rcon, guard, TimeProvider.System, NullLogger.Instance, TimeSpan.FromSeconds(20));
        await rcon.ExecuteAsync(FactorioCommands.RelayedChat("Discord", "Probe", "connected"), Ct);

        await using (var admin = sim.CreateClient())
        {
            await admin.ExecuteAsync("/sim rcon-down 2", Ct);
        }

        relay.Enqueue("sim1", "Mason", "first");
        relay.Enqueue("sim1", "Mason", "second");
        await relay.DrainAsync(Ct);

        var chat = ChatBridgeKit.ChatLines(Path.Combine(sim.ServerDirectory(), "console.log"));
        Assert.Equal(
            ["<server>: [Discord] Mason: first", "<server>: [Discord] Mason: second"],
            chat.Where(l => l.Contains("Mason", StringComparison.Ordinal)));
        Assert.Contains((await ((IStateStore)store).LoadRelayedChatAsync(DateTimeOffset.MinValue, Ct)), l => l.Hash == ChatLoopGuard.Hash("[Discord] Mason: second"));
    }

    [Fact]
    public async Task RconDownLongerThanTheRetryWindow_TheLineIsDroppedWithAWarning_AndTheNextOneStillGoes()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 0);
        await using var client = sim.CreateClient();
        using var rcon = new FactorioRcon(client, achievementSafe: true);
        using var store = SqliteStateStore.Open(dir.Combine("isr.db"), TimeProvider.System, NullLogger.Instance);
        var logger = new ListLogger();
        await using var relay = new ChatRelay(_ => rcon, new ChatLoopGuard(store, TimeProvider.System), TimeProvider.System, logger, TimeSpan.FromSeconds(1.5));
        await rcon.ExecuteAsync(FactorioCommands.RelayedChat("Discord", "Probe", "connected"), Ct);

        await using (var admin = sim.CreateClient())
        {
            await admin.ExecuteAsync("/sim rcon-down 5", Ct);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        relay.Enqueue("sim1", "Mason", "lost in the outage");
        await relay.DrainAsync(Ct);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4.5), started.Elapsed.ToString());
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("a Discord message from Mason could not reach sim1's game and is dropped", warning.Message, StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromSeconds(5) - started.Elapsed + TimeSpan.FromMilliseconds(200), Ct);
        relay.Enqueue("sim1", "Mason", "after the outage");
        await relay.DrainAsync(Ct);
        var chat = ChatBridgeKit.ChatLines(Path.Combine(sim.ServerDirectory(), "console.log"));
        Assert.Contains("<server>: [Discord] Mason: after the outage", chat);
        Assert.DoesNotContain(chat, l => l.Contains("lost in the outage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerThatIsNotRunning_IsRetriedThenDropped_WithoutThrowing()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.Combine("isr.db"), TimeProvider.System, NullLogger.Instance);
        var logger = new ListLogger();
        await using var relay = new ChatRelay(_ => null, new ChatLoopGuard(store, TimeProvider.System), TimeProvider.System, logger, TimeSpan.FromSeconds(0.6));
        relay.Enqueue("gone", "Mason", "hello?");
        await relay.DrainAsync(Ct);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("the server is not running", StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
