using System.Text;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Delivery;

/// <summary>log-shipping.md §9 scenarios across stops and restarts, end to end into the JSONL output.</summary>
public sealed class PipelineRestartTests
{
    private static string Numbered(string prefix, int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"{prefix} seq={i:D5} pad=................................\n"));

    private static void AssertExactlyOnceInOrder(IReadOnlyList<string> raws, string prefix, int count)
    {
        var mine = raws.Where(r => r.StartsWith(prefix + " ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{prefix} seq={i:D5} pad=................................"), mine);
    }

    [Fact]
    public async Task Restart_AfterGracefulStop_NeitherRereadsNorSkips()
    {
        using var dir = new TempDirectory();
        await using var h = new PipelineHarness(dir, "console.log");
        File.WriteAllText(dir.File("console.log"), Numbered("a", 0, 100));
        h.Start();
        await h.WaitForRecordsAsync(100);
        await h.StopAsync();
        TailerHarness.Append(dir.File("console.log"), Numbered("a", 100, 50));
        h.Start();
        await h.WaitForRecordsAsync(150);
        await TailerHarness.SettleAsync(500);
        AssertExactlyOnceInOrder(h.Raws(), "a", 150);
        Assert.Equal(h.Records().Count, h.Records().Select(r => r.Id).Distinct().Count());
    }

    [Fact] // G4
    public async Task Stop_UnderLoadThenRestart_NothingLostNothingDuplicated()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, string.Empty);
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        var written = 0;
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(
            async () =>
        {
            while (!stopWriting.IsCancellationRequested)
            {
                TailerHarness.Append(path, Numbered("g4", written, 20));
                written += 20;
                await Task.Delay(2, TestContext.Current.CancellationToken);
            }
        },
            TestContext.Current.CancellationToken);
        await Task.Delay(700, TestContext.Current.CancellationToken);
        await h.StopAsync();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        h.Start();
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await stopWriting.CancelAsync();
        await writer;
        await h.WaitForRecordsAsync(written);
        await TailerHarness.SettleAsync(500);
        AssertExactlyOnceInOrder(h.Raws(), "g4", written);
    }

    [Fact] // G5 while stopped
    public async Task Restart_AfterRenameRotationWhileStopped_FinishesOldFileThenNew()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("r", 0, 30));
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(30);
        await h.StopAsync();
        TailerHarness.Append(path, Numbered("r", 30, 10)); // unread when rotated
        File.Move(path, path + ".1");
        File.WriteAllText(path, Numbered("n", 0, 5));
        h.Start();
        await h.WaitForRecordsAsync(45);
        await TailerHarness.SettleAsync(700);
        AssertExactlyOnceInOrder(h.Raws(), "r", 40);
        AssertExactlyOnceInOrder(h.Raws(), "n", 5);
    }

    [Fact] // G7 across a restart
    public async Task Restart_AfterCopytruncateWhileStopped_ReadsCopyRestOnceThenNewContent()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("c", 0, 30));
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(30);
        await h.StopAsync();
        TailerHarness.Append(path, Numbered("c", 30, 7));
        File.Copy(path, path + ".1");
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            s.SetLength(0);
        }

        TailerHarness.Append(path, Numbered("d", 0, 3));
        h.Start();
        await h.WaitForRecordsAsync(40);
        await h.RestartAsync(); // and once more: the copy must not be re-posted
        await TailerHarness.SettleAsync(700);
        AssertExactlyOnceInOrder(h.Raws(), "c", 37);
        AssertExactlyOnceInOrder(h.Raws(), "d", 3);
    }

    [Theory] // G8 while stopped: shorter and longer than the saved offset
    [InlineData(2)]
    [InlineData(80)]
    public async Task Restart_AfterTruncateAndRewriteWhileStopped_ReadsNewContentFromStart(int rewriteLines)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("o", 0, 40));
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(40);
        await h.StopAsync();
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            s.SetLength(0);
            s.Write(Encoding.UTF8.GetBytes(Numbered("w", 0, rewriteLines)));
        }

        h.Start();
        await h.WaitForRecordsAsync(40 + rewriteLines);
        await TailerHarness.SettleAsync(500);
        AssertExactlyOnceInOrder(h.Raws(), "o", 40);
        AssertExactlyOnceInOrder(h.Raws(), "w", rewriteLines);
    }

    [Fact] // G10 while stopped
    public async Task Restart_AfterDeleteAndRecreateWhileStopped_ReadsNewFileFromStart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("x", 0, 20));
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(20);
        await h.StopAsync();
        File.Delete(path);
        File.WriteAllText(path, Numbered("y", 0, 25)); // often the same inode again (tmpfs, ext4)
        h.Start();
        await h.WaitForRecordsAsync(45);
        await TailerHarness.SettleAsync(500);
        AssertExactlyOnceInOrder(h.Raws(), "x", 20);
        AssertExactlyOnceInOrder(h.Raws(), "y", 25);
    }

    [Fact]
    public async Task Restart_StartAtEndWithSavedPosition_NewFileAfterRotationReadFromStart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("skipped", 0, 5));
        await using var h = new PipelineHarness(dir, "console.log");
        h.Sources = [h.Sources[0] with { StartAt = FactorioIsr.Tailing.TailStartAt.End }];
        h.Start();
        await TailerHarness.SettleAsync(300);
        TailerHarness.Append(path, Numbered("e", 0, 3));
        await h.WaitForRecordsAsync(3);
        await h.StopAsync();
        File.Move(path, path + ".1");
        File.WriteAllText(path, Numbered("f", 0, 4));
        h.Start();
        await h.WaitForRecordsAsync(7);
        await TailerHarness.SettleAsync(500);
        Assert.Equal(0, h.Raws().Count(r => r.StartsWith("skipped", StringComparison.Ordinal)));
        AssertExactlyOnceInOrder(h.Raws(), "e", 3);
        AssertExactlyOnceInOrder(h.Raws(), "f", 4);
    }

    [Fact] // G11
    public async Task Restart_WithPartialLine_CompletesItExactlyOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "first\nabc");
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(1);
        await Task.Delay(250, TestContext.Current.CancellationToken); // > 10 poll intervals
        await h.StopAsync();
        h.Start();
        TailerHarness.Append(path, "def\n");
        await h.WaitForRecordsAsync(2);
        await TailerHarness.SettleAsync(500);
        Assert.Equal(["first", "abcdef"], h.Raws());
        Assert.DoesNotContain(h.Records(), r => r.Partial);
    }

    [Fact] // G12
    public async Task Restart_AfterHugeLine_NoDuplicatesAndOneFlaggedEvent()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "before\n" + new string('z', 1024 * 1024) + "\nafter\n");
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(3);
        await h.RestartAsync();
        TailerHarness.Append(path, "later\n");
        await h.WaitForRecordsAsync(4);
        await TailerHarness.SettleAsync(500);
        var records = h.Records();
        Assert.Equal(4, records.Count);
        Assert.Equal(["before", "after", "later"], records.Where(r => !r.Truncated).Select(r => r.Raw));
        Assert.Equal(64 * 1024, Assert.Single(records, r => r.Truncated).Raw.Length);
    }

    [Fact]
    public async Task Restart_AfterCrashBeforeDelivery_DeliversEverythingOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("k", 0, 500));
        await using var h = new PipelineHarness(dir, "console.log");
        for (var round = 0; round < 5; round++)
        {
            h.Start();
            await Task.Delay(30 * round, TestContext.Current.CancellationToken);
            await h.CrashAsync();
            TailerHarness.Append(path, Numbered("k", 500 + (round * 10), 10));
        }

        h.Start();
        await h.WaitForRecordsAsync(550);
        await TailerHarness.SettleAsync(500);
        AssertExactlyOnceInOrder(h.Raws(), "k", 550);
    }
}
