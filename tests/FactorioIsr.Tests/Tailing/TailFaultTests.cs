using System.Diagnostics;
using System.Text;
using FactorioIsr.Tailing;

namespace FactorioIsr.Tests.Tailing;

/// <summary>Issue #11 at the tailer's level: rewritten files, files that come back, special files, the descriptor budget.</summary>
public sealed class TailFaultTests
{
    [Fact]
    public void Read_FileCopiedOverInPlaceAfterItsEnd_EmitsNothingOfTheNewContent()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log.1");
        File.WriteAllText(path, Numbered("old", 0, 20));
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var cursor = new TailCursor(handle, new TailedFile("srv", "console", path, FileIdentity.Of(handle), 1), 0, 64 * 1024);
        var lines = new List<TailedLine>();
        long invalid = 0;
        cursor.Read(lines, 1 << 20, ref invalid);
        Assert.Equal(20, lines.Count);

        // cp console.log console.log.1: the same inode, truncated and written with longer, other content.
        using (var rewrite = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            rewrite.Write(Encoding.UTF8.GetBytes(Numbered("new", 0, 60)));
        }

        lines.Clear();
        cursor.Read(lines, 1 << 20, ref invalid);
        Assert.Empty(lines);
        Assert.True(cursor.Rewritten);
    }

    [Fact]
    public async Task Run_RotatedFileRewrittenWhileBeingFinished_IsNotReadOnFromItsOffset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("g1", 0, 10));
        await using var tail = new TailerHarness(path, options: TailerHarness.FastOptions with { RotateWait = TimeSpan.FromSeconds(30) });
        await tail.WaitForAsync(10);
        File.Move(path, path + ".1");
        File.WriteAllText(path, Numbered("g2", 0, 3));
        await tail.WaitForAsync(13);

        // The rotated file, still being finished (30 s rotate wait), is overwritten in place by longer content.
        using (var rewrite = new FileStream(path + ".1", FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            rewrite.Write(Encoding.UTF8.GetBytes(Numbered("other", 0, 40)));
        }

        await TailerHarness.SettleAsync(500);
        Assert.DoesNotContain(tail.Texts, t => t.Contains("other", StringComparison.Ordinal));
        Assert.Equal(13, tail.Lines.Count);
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(50)]
    public async Task Run_FileMovedAwayAndBack_ContinuesWhereItWas(int rotateWaitMs)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Numbered("a", 0, 10));
        await using var tail = new TailerHarness(path, options: TailerHarness.FastOptions with { RotateWait = TimeSpan.FromMilliseconds(rotateWaitMs) });
        await tail.WaitForAsync(10);
        File.Move(path, dir.File("hold.log"));
        await TailerHarness.SettleAsync(300); // the reader of the moved file is still finishing it, or (50 ms) done
        File.Move(dir.File("hold.log"), path);
        TailerHarness.Append(path, Numbered("a", 10, 2));
        await tail.WaitForAsync(12);
        await TailerHarness.SettleAsync();
        Assert.Equal(Texts("a", 0, 12), tail.Texts);
    }

    [Fact]
    public async Task Run_SymlinkFlippedAndBack_ContinuesTheFirstFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(dir.File("a.log"), Numbered("a", 0, 5));
        File.WriteAllText(dir.File("b.log"), Numbered("b", 0, 3));
        File.CreateSymbolicLink(path, dir.File("a.log"));
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(5);
        Flip(path, dir.File("b.log"));
        await tail.WaitForAsync(8);
        Flip(path, dir.File("a.log"));
        TailerHarness.Append(dir.File("a.log"), Numbered("a", 5, 1));
        await tail.WaitForAsync(9);
        await TailerHarness.SettleAsync();
        Assert.Equal([.. Texts("a", 0, 5), .. Texts("b", 0, 3), .. Texts("a", 5, 1)], tail.Texts);
    }

    [Fact]
    public async Task Run_FifoAtThePath_IsNotOpenedAndStopsAtOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var tail = new TailerHarness(path);
        await TailerHarness.SettleAsync(300);
        Assert.True(tail.Tailer.Status.Unreadable);
        var stop = tail.DisposeAsync().AsTask();
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(3000, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/proc/self/mem", "a kernel pseudo-file")]
    public void WhyNotALogFile_SpecialFiles_SayWhatTheyAre(string path, string says)
    {
        Assert.Contains(says, FileKinds.WhyNotALogFile(path), StringComparison.Ordinal);
        Assert.Null(TailFiles.Open(path, out var failure, out var reason));
        Assert.Equal(OpenFailure.NotRegular, failure);
        Assert.Contains(says, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WhyNotALogFile_DirectoryRegularAndMissing()
    {
        using var dir = new TempDirectory();
        Assert.Contains("is a directory", FileKinds.WhyNotALogFile(dir.Path), StringComparison.Ordinal);
        File.WriteAllText(dir.File("a.log"), "x\n");
        File.CreateSymbolicLink(dir.File("link.log"), dir.File("a.log"));
        Assert.Null(FileKinds.WhyNotALogFile(dir.File("a.log")));
        Assert.Null(FileKinds.WhyNotALogFile(dir.File("link.log")));
        Assert.Null(FileKinds.WhyNotALogFile(dir.File("missing.log")));
        Assert.Null(TailFiles.Open(dir.Path, out var failure, out var reason));
        Assert.Equal(OpenFailure.NotRegular, failure);
        Assert.DoesNotContain("denied", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_NoDescriptorLeft_WaitsAndOpensWhenOneIsFree()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.log"), "a1\n");
        File.WriteAllText(dir.File("b.log"), "b1\n");
        var options = TailerHarness.FastOptions with { Descriptors = new DescriptorBudget(limit: 1001, reserve: 1000) };
        var first = new TailerHarness(dir.File("a.log"), options: options);
        await first.WaitForAsync(1);
        await using var second = new TailerHarness(dir.File("b.log"), options: options);
        await TailerHarness.SettleAsync(300);
        Assert.Empty(second.Lines);
        Assert.Equal(1, options.Descriptors.Open);

        await first.DisposeAsync(); // its descriptor is given back: the waiting file is opened at its next try
        await second.WaitForAsync(1);
        Assert.Equal(["b1"], second.Texts);
    }

    [Fact]
    public void Shortfall_SaysWhenTheFilesNeedMoreThanTheLimit()
    {
        var budget = new DescriptorBudget(limit: 1024);
        Assert.Equal(256, budget.Reserve);
        Assert.Equal(768, budget.Capacity);
        Assert.Null(budget.Shortfall(100));
        var message = budget.Shortfall(1100);
        Assert.NotNull(message);
        Assert.Contains("1100 log files", message, StringComparison.Ordinal);
        Assert.Contains("332 log files will wait", message, StringComparison.Ordinal);
        Assert.Contains("ulimit -n", message, StringComparison.Ordinal);
    }

    private static void Flip(string link, string target)
    {
        File.CreateSymbolicLink(link + ".tmp", target);
        File.Move(link + ".tmp", link, overwrite: true);
    }

    private static string Numbered(string prefix, int from, int count) => string.Concat(Texts(prefix, from, count).Select(t => t + "\n"));

    private static string[] Texts(string prefix, int from, int count) => [.. Enumerable.Range(from, count).Select(i => $"{prefix} line {i:D4} {new string('x', 30)}")];
}
