using FactorioIsr.Health;
using FactorioIsr.Http;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Http;

/// <summary>The rules /ready and /health apply to a snapshot: RCON (as soon as runtimes expose it) and liveness stalls.</summary>
public sealed class ReadinessRulesTests
{
    private static HealthSnapshot Snapshot(params RconHealth?[] rcon) => new(
        DateTimeOffset.UnixEpoch,
        true,
        new StateHealth("isr.db", null),
        new IngestHealth(0, 0, null),
        [.. rcon.Select((r, i) => new ServerHealth("s" + i, [], r))],
        [],
        null);

    private static RconHealth Up => new(true, "connected", TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch, null);

    private static RconHealth Down => new(false, "backoff", null, DateTimeOffset.UnixEpoch, "connection refused");

    [Fact]
    public void Rcon_NoneConfigured_IsReady() => Assert.True(Snapshot(null, null).Ready);

    [Fact]
    public void Rcon_OneOfTwoConnected_IsReady() => Assert.True(Snapshot(Down, Up, null).Ready);

    [Fact]
    public void Rcon_NoneOfTheConfiguredConnected_IsNotReady_AndSaysWhy()
    {
        var snapshot = Snapshot(Down, null, Down);

        Assert.False(snapshot.Ready);
        Assert.Contains("none of the servers with RCON configured is connected", HealthResponses.Reasons(snapshot));
    }

    [Fact]
    public void Rcon_FlipsBackWhenOneReconnects() => Assert.True(Snapshot(Down, Up).Ready);

    [Fact]
    public void Liveness_StoreRefusingCommits_FailsOnlyAfterTheThreshold()
    {
        var time = new FakeTimeProvider();
        var probe = new HealthProbe(time) { StallThreshold = TimeSpan.FromSeconds(60) };
        var failing = Snapshot() with { State = new StateHealth("isr.db", "disk full") };

        Assert.Null(probe.Check(failing));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(probe.Check(failing));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("refused commits", probe.Check(failing), StringComparison.Ordinal);
        Assert.Null(probe.Check(Snapshot())); // recovered
    }

    [Fact]
    public void Liveness_QueuedWorkWithoutCommits_IsAStall_IdleIsNot()
    {
        var time = new FakeTimeProvider();
        var probe = new HealthProbe(time) { StallThreshold = TimeSpan.FromSeconds(60) };
        var idle = Snapshot() with { Ingest = new IngestHealth(0, 0, TimeSpan.FromHours(5), 0) };
        Assert.Null(probe.Check(idle));

        var stuck = Snapshot() with { Ingest = new IngestHealth(0, 0, TimeSpan.FromSeconds(10), 3) };
        Assert.Null(probe.Check(stuck));
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(probe.Check(stuck)); // it committed 10 s ago: moving, not stalled
        Assert.Contains("has not committed", probe.Check(stuck with { Ingest = new IngestHealth(0, 0, TimeSpan.FromSeconds(70), 3) }), StringComparison.Ordinal);
    }
}
