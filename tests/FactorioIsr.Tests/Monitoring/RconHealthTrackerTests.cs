using FactorioIsr.Monitoring;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>RCON notices on their own: debounce, real downtime, flapping, a clean stop.</summary>
public sealed class RconHealthTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static RconHealthTracker Tracker() => new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));

    /// <summary>Observes every 5 s from <paramref name="start"/> seconds: true = connected.</summary>
    private static List<RconNotice> Run(RconHealthTracker tracker, IEnumerable<bool> states, int start = 0)
    {
        var notices = new List<RconNotice>();
        var t = start;
        foreach (var up in states)
        {
            if (tracker.Observe(up, T0.AddSeconds(t)) is { } notice)
            {
                notices.Add(notice);
            }

            t += 5;
        }

        return notices;
    }

    [Fact]
    public void Down_GivesOneLost_AfterTheDebounce_ThenOneRestoredWithTheRealDowntime()
    {
        var tracker = Tracker();
        // up 0..10 s, down from 15 s to 80 s, up at 85 s
        var notices = Run(tracker, [true, true, true, .. Enumerable.Repeat(false, 14), true, true]);
        Assert.Equal(2, notices.Count);
        Assert.True(notices[0].Lost);
        Assert.Equal(TimeSpan.FromSeconds(15), notices[0].Downtime);
        Assert.False(notices[1].Lost);
        Assert.Equal(TimeSpan.FromSeconds(70), notices[1].Downtime); // 15 s -> 85 s, not since the previous connect
    }

    [Fact]
    public void Flapping_ShorterThanTheDebounce_PostsNothing()
    {
        var tracker = Tracker();
        var pattern = Enumerable.Range(0, 30).SelectMany(_ => new[] { true, false, false }); // down 10 s at a time
        Assert.Empty(Run(tracker, pattern));
    }

    [Fact]
    public void LossAfterACleanStop_IsNoAlarm_NorIsTheReturn()
    {
        var tracker = Tracker();
        Run(tracker, [true, true]);
        tracker.NoteCleanStop(T0.AddSeconds(9)); // Goodbye read just before the loss
        Assert.Empty(Run(tracker, [.. Enumerable.Repeat(false, 20), true], start: 10));
    }

    [Fact]
    public void GoodbyeReadWhileTheLossIsDebounced_IsNoAlarm()
    {
        var tracker = Tracker();
        Run(tracker, [true]);
        Assert.Empty(Run(tracker, [false, false], start: 5));
        tracker.NoteCleanStop(T0.AddSeconds(11));
        Assert.Empty(Run(tracker, [.. Enumerable.Repeat(false, 10), true], start: 15));
    }

    [Fact]
    public void ACleanStopBeforeTheLastStart_DoesNotExcuseALaterLoss()
    {
        var tracker = Tracker();
        Run(tracker, [true]);
        tracker.NoteCleanStop(T0.AddSeconds(1));
        tracker.NoteStart();
        var notices = Run(tracker, Enumerable.Repeat(false, 5), start: 5);
        Assert.True(Assert.Single(notices).Lost);
    }

    [Fact]
    public void LifecycleLines_AreRecognised()
    {
        Assert.Equal(LifecycleLine.Stop, LifecycleLineWriter.Classify("  12.345 Goodbye"u8));
        Assert.Equal(LifecycleLine.Stop, LifecycleLineWriter.Classify("  12.000 Info ServerMultiplayerManager.cpp:808: Quitting: signal."u8));
        Assert.Equal(LifecycleLine.Start, LifecycleLineWriter.Classify("   1.500 Info ServerMultiplayerManager.cpp:1078: updateTick(18446744073709551615) changing state from(CreatingGame) to(InGame)"u8));
        Assert.Equal(LifecycleLine.None, LifecycleLineWriter.Classify("   1.600 Info ServerMultiplayerManager.cpp:1078: updateTick(77) changing state from(InGameSavingMap) to(InGame)"u8));
        Assert.Equal(LifecycleLine.None, LifecycleLineWriter.Classify("2026-12-01 12:00:00 [CHAT] Alice: Goodbye"u8));
        Assert.Equal(LifecycleLine.None, LifecycleLineWriter.Classify("  12.000 [CHAT] Alice: Goodbye"u8));
        Assert.Equal(LifecycleLine.None, LifecycleLineWriter.Classify("  12.000 [CHAT] Alice: Quitting: now"u8));
    }
}
