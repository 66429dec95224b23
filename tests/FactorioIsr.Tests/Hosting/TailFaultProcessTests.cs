namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// Issue #11 items 1, 5, 6, 7 and 13 on the real process: a followed file that comes back under its path is not
/// read again; special files as a log path get one warning and neither block nor spin; more log files than the
/// open-file limit degrade instead of crashing.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class TailFaultProcessTests
{
    private const string ShortRotateWait = """
        tailing:
          rotate_wait_seconds: 1
        """;

    [Fact]
    public async Task Run_FileMovedAwayAndBack_IsNotReadAgain()
    {
        using var s = new TailScenario(TailScenario.OneServer(ShortRotateWait));
        s.Write(20);
        using var isr = s.Start();
        Assert.True(await s.WaitForAllBelowAsync(20), isr.Stderr);

        // Away for less than the rotate wait (its reader still finishing it), then for longer (reader finished).
        foreach (var away in new[] { 400, 2500 })
        {
            s.Rotate(() => File.Move(s.Log, s.Dir.File("hold.log")));
            await Task.Delay(away, TestContext.Current.CancellationToken);
            s.Rotate(() => File.Move(s.Dir.File("hold.log"), s.Log));
            s.Write(5);
            Assert.True(await s.WaitForAllBelowAsync(s.Written), isr.Stderr);
        }

        await Task.Delay(1500, TestContext.Current.CancellationToken); // time to (wrongly) read it again
        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(10)), isr.Stderr);
        Assert.Null(s.ExactlyOnce());
    }

    [Fact]
    public async Task Run_SymlinkFlippedAndBack_IsNotReadAgain()
    {
        using var s = new TailScenario(TailScenario.OneServer(ShortRotateWait), target: null);
        var a = s.Dir.File("a.log");
        var b = s.Dir.File("b.log");
        File.WriteAllText(b, string.Empty);
        TailScenario.PointLink(s.Log, a);
        s.Rotate(() => { }, retarget: a);
        s.Write(20);
        using var isr = s.Start();
        Assert.True(await s.WaitForAllBelowAsync(20), isr.Stderr);

        foreach (var away in new[] { 400, 2500 })
        {
            s.Rotate(() => TailScenario.PointLink(s.Log, b), retarget: b);
            s.Write(5);
            Assert.True(await s.WaitForAllBelowAsync(s.Written), isr.Stderr);
            await Task.Delay(away, TestContext.Current.CancellationToken);
            s.Rotate(() => TailScenario.PointLink(s.Log, a), retarget: a);
            s.Write(5);
            Assert.True(await s.WaitForAllBelowAsync(s.Written), isr.Stderr);
        }

        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(10)), isr.Stderr);
        Assert.Null(s.ExactlyOnce());
    }

    [Fact]
    public async Task Run_FifoAsLogPath_OneWarningNoBlockAndPromptSigterm()
    {
        using var s = new TailScenario("""
            servers:
              pipe:
                event_channel_id: 1
                log_path: $DIR/pipe.log
              ok:
                event_channel_id: 1
                start_at: beginning
                log_path: $DIR/console.log
            """);
        TailScenario.Run("mkfifo", s.Dir.File("pipe.log"));
        s.Write(10);
        using var isr = s.Start();
        Assert.True(await s.WaitForAllBelowAsync(10), isr.Stderr);
        await Task.Delay(1500, TestContext.Current.CancellationToken); // several polls of the FIFO

        var started = Environment.TickCount64;
        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(5)), "no exit within 5 s of SIGTERM: " + isr.Stderr);
        Assert.InRange(Environment.TickCount64 - started, 0, 5000);
        Assert.True(isr.ExitCode == 0, isr.Stderr);
        var warnings = Warnings(isr.Stderr, "pipe.log");
        Assert.True(warnings.Count == 1, string.Join('\n', warnings));
        Assert.Contains("FIFO", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DeviceProcFileAndDirectoryAsLogPath_OneWarningEachAndTheRestRelays()
    {
        using var s = new TailScenario("""
            servers:
              zero:
                event_channel_id: 1
                log_path: /dev/zero
              mem:
                event_channel_id: 1
                log_path: /proc/self/mem
              dir:
                event_channel_id: 1
                log_path: $DIR/logs
              ok:
                event_channel_id: 1
                start_at: beginning
                log_path: $DIR/console.log
            """);
        Directory.CreateDirectory(s.Dir.File("logs"));
        s.Write(10);
        using var isr = s.Start();
        Assert.True(await s.WaitForAllBelowAsync(10), isr.Stderr);
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        s.Write(5);
        Assert.True(await s.WaitForAllBelowAsync(15), isr.Stderr);
        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(10)), isr.Stderr);

        var stderr = isr.Stderr;
        foreach (var (path, says) in new[] { ("/dev/zero", "character device"), ("/proc/self/mem", "pseudo-file"), (s.Dir.File("logs"), "a directory") })
        {
            var warnings = Warnings(stderr, path);
            Assert.True(warnings.Count == 1, $"{path}: {warnings.Count} warnings: {string.Join('\n', warnings.Take(5))}");
            Assert.Contains(says, warnings[0], StringComparison.Ordinal);
            Assert.DoesNotContain("denied", warnings[0], StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(stderr.Length < 20_000, $"stderr is {stderr.Length} characters");
        Assert.Null(s.ExactlyOnce());
    }

    [Fact]
    public async Task Run_MoreLogFilesThanTheOpenFileLimit_TheRestRelayAndEachWaitingFileWarnsOnce()
    {
        const int Files = 400;
        const int Limit = 512;
        var servers = string.Concat(Enumerable.Range(0, Files).Select(i => $"""
              s{i:D3}:
                event_channel_id: 1
                start_at: beginning
                log_path: $DIR/f{i:D3}.log

            """));
        using var s = new TailScenario("servers:\n" + servers);
        for (var i = 0; i < Files; i++)
        {
            File.WriteAllText(s.Dir.File($"f{i:D3}.log"), TailScenario.Line(i));
        }

        using var isr = IsrProcess.StartWithFileLimit(Limit, s.Args);
        var until = Environment.TickCount64 + 60_000;
        var delivered = 0;
        while (Environment.TickCount64 < until && !isr.HasExited)
        {
            delivered = s.TryRead()?.Count ?? delivered;
            var waiting = Warnings(isr.Stderr, "no file descriptor left").Count;
            if (delivered > 0 && delivered + waiting >= Files)
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await Task.Delay(1500, TestContext.Current.CancellationToken); // retries must not warn again
        Assert.False(isr.HasExited, "isr died: " + Tail(isr.Stderr));
        var stderr = isr.Stderr;
        var records = s.Read();
        var warned = Warnings(stderr, "no file descriptor left");
        Assert.True(records.Count >= Limit / 4, $"only {records.Count} files relayed: {Tail(stderr)}");
        Assert.Equal(records.Count, records.Select(r => r.Seq).Distinct().Count());
        Assert.True(warned.Count >= 1, Tail(stderr));
        Assert.Equal(Files, records.Count + warned.Count);
        Assert.Equal(warned.Count, warned.Distinct().Count());
        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(10)), Tail(isr.Stderr));
        Assert.True(isr.ExitCode == 0, Tail(isr.Stderr));
    }

    private static List<string> Warnings(string stderr, string about) =>
        [.. stderr.Split('\n').Where(l => l.Contains(about, StringComparison.Ordinal) && (l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("cannot", StringComparison.Ordinal)))];

    private static string Tail(string text) => text[Math.Max(0, text.Length - 3000)..];
}
