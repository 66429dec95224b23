using System.Globalization;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// <c>isr run</c> SIGKILLed around one kind of rotation each (issue #11 items 1 and 2), with a writer appending all
/// the while, then restarted: every line must reach the JSONL output exactly once and no torn fragment may appear.
/// Each test is one short round in CI; <c>bench/tail-kill-loop.sh</c> runs each for 20 rounds
/// (<c>ISR_TAIL_KILL_ROUNDS</c>) and reports how many rounds failed.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class TailKillRotationProcessTests
{
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("ISR_TAIL_KILL_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0 ? rounds : 1;

    [Fact]
    public Task Kill9_RenameRotation_EveryLineOnce() => RoundsAsync(async (s, random) =>
    {
        await KillAroundAsync(s, random, () => s.Rotate(() =>
        {
            File.Move(s.Log, s.Log + ".1", overwrite: true);
            File.WriteAllText(s.Log, string.Empty);
        }));
    });

    [Fact]
    public Task Kill9_CopyTruncateIntoAFreshCopy_EveryLineOnce() => RoundsAsync(async (s, random) =>
    {
        await KillAroundAsync(s, random, () => s.Rotate(() => TailScenario.CopyTruncate(s.Log, s.Log + ".1")));
    });

    [Fact]
    public Task Kill9_CopyTruncateOverAnExistingCopy_EveryLineOnce() => RoundsAsync(async (s, random) =>
    {
        // The first copy is read to its end, then isr is killed; the restart must not keep that finished copy open, so
        // the next copytruncate, which rewrites NAME.1 in place, is not read on from the old offset into new content.
        await KillAroundAsync(s, random, () => s.Rotate(() => TailScenario.CopyTruncate(s.Log, s.Log + ".1")), waitForCopy: true);
        // The new content must reach past the old copy's end for a stale reader there to read into it.
        await KillAroundAsync(s, random, () => s.Rotate(() => TailScenario.CopyTruncate(s.Log, s.Log + ".1")), soonAfterStart: true, rotateWhen: () => new FileInfo(s.Log).Length > new FileInfo(s.Log + ".1").Length + 4096);
    });

    [Fact]
    public Task Kill9_SymlinkFlipAndBack_EveryLineOnce() => RoundsAsync(
        async (s, random) =>
        {
            var a = s.Dir.File("a.log");
            var b = s.Dir.File("b.log");
            File.WriteAllText(b, string.Empty);
            await KillAroundAsync(s, random, () => s.Rotate(() => TailScenario.PointLink(s.Log, b), retarget: b));
            // Killed soon after the first flip, isr may not have read a.log to its end; a.log is no rotated name of the
            // path, so its rest is read when the link points at it again (its saved position is kept for that).
            await KillAroundAsync(s, random, () => s.Rotate(() => TailScenario.PointLink(s.Log, a), retarget: a), waitForAll: false);
        },
        symlink: true);

    private static async Task RoundsAsync(Func<TailScenario, Random, Task> scenario, bool symlink = false, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        var failures = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            using var s = new TailScenario(TailScenario.OneServer(), target: null);
            if (symlink)
            {
                var a = s.Dir.File("a.log");
                File.WriteAllText(a, string.Empty);
                TailScenario.PointLink(s.Log, a);
                s.Rotate(() => { }, retarget: a);
            }
            else
            {
                File.WriteAllText(s.Log, string.Empty);
            }

            s.StartWriting();
            var random = new Random(20261201 + round);
            string? error;
            try
            {
                error = await RunRoundAsync(s, random, scenario);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or IOException)
            {
                error = e.Message; // a step that timed out: a failed round, and the next round still runs
            }

            if (error is not null)
            {
                failures.Add($"round {round}: {error}");
            }
        }

        var summary = $"{name}: {Rounds - failures.Count} of {Rounds} rounds exactly once";
        if (Environment.GetEnvironmentVariable("ISR_TAIL_KILL_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllLinesAsync(report, [summary, .. failures.Select(f => "  " + f[..Math.Min(f.Length, 300)])], TestContext.Current.CancellationToken);
        }

        Assert.True(failures.Count == 0, summary + "\n" + string.Join('\n', failures));
    }

    private static async Task<string?> RunRoundAsync(TailScenario s, Random random, Func<TailScenario, Random, Task> scenario)
    {
        await scenario(s, random);
        await s.StopWritingAsync();
        using var last = s.Start();
        if (!await s.WaitForAllBelowAsync(s.Written, 30))
        {
            return (s.ExactlyOnce() ?? "not everything arrived") + "; stderr: " + Tail(last.Stderr);
        }

        await Task.Delay(500, TestContext.Current.CancellationToken); // time to (wrongly) deliver more
        if (!await last.TerminateAsync(TimeSpan.FromSeconds(10)))
        {
            return "no exit within 10 s of SIGTERM";
        }

        return s.ExactlyOnce() is { } wrong ? wrong + "; stderr: " + Tail(last.Stderr) : null;
    }

    /// <summary>
    /// Starts isr, waits until it delivers, rotates, and kills it with SIGKILL at a random moment up to 300 ms after
    /// the rotation (or, with <paramref name="waitForCopy"/>, once everything written before the rotation is delivered).
    /// With <paramref name="soonAfterStart"/> the rotation comes as soon as the restarted isr delivers, while a rotated
    /// file it resumed would still be open. Without <paramref name="waitForAll"/> it waits only for a line written
    /// after the start.
    /// </summary>
    private static async Task KillAroundAsync(TailScenario s, Random random, Action rotate, bool waitForCopy = false, bool soonAfterStart = false, Func<bool>? rotateWhen = null, bool waitForAll = true)
    {
        var started = s.Written;
        using var isr = s.Start();
        Assert.True(await (waitForAll ? s.WaitForAllBelowAsync(s.Written, 30) : s.WaitForAnyFromAsync(started, 30)), "isr did not deliver: " + Tail(isr.Stderr));
        if (!soonAfterStart)
        {
            await Task.Delay(random.Next(50, 400), TestContext.Current.CancellationToken);
        }

        while (rotateWhen?.Invoke() == false)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var before = s.Written;
        rotate();
        if (waitForCopy)
        {
            Assert.True(await s.WaitForAllBelowAsync(before + 20, 30), "isr did not read the copy: " + Tail(isr.Stderr));
        }

        await Task.Delay(random.Next(0, 300), TestContext.Current.CancellationToken);
        await isr.KillAsync();
        await Task.Delay(random.Next(0, 200), TestContext.Current.CancellationToken);
    }

    private static string Tail(string text) => text[Math.Max(0, text.Length - 3000)..];
}
