using System.Text;
using FactorioIsr.Tailing;

namespace FactorioIsr.Tests.Tailing;

public sealed class FileTailerTests
{
    [Fact]
    public async Task Run_AppendedLines_EmitsEachOnceWithOffsets()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "a\nbb\n");
        await using var tail = new TailerHarness(path);
        TailerHarness.Append(path, "ccc\n");
        var lines = await tail.WaitForAsync(3);
        await TailerHarness.SettleAsync();
        Assert.Equal(["a", "bb", "ccc"], tail.Texts);
        Assert.Equal([0L, 2L, 5L], lines.Select(l => l.Start));
        Assert.Equal([2L, 5L, 9L], lines.Select(l => l.End));
        Assert.All(lines, l => Assert.Equal(TailedLineFlags.None, l.Flags));
    }

    [Fact]
    public async Task Run_StartAtEnd_SkipsExistingButKeepsLineBeingWritten()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "old1\nold2\nhalf");
        await using var tail = new TailerHarness(path, startAt: TailStartAt.End);
        await TailerHarness.SettleAsync();
        TailerHarness.Append(path, "-done\nnew\n");
        await tail.WaitForAsync(2);
        await TailerHarness.SettleAsync();
        Assert.Equal(["half-done", "new"], tail.Texts);
    }

    [Fact]
    public async Task Run_LineWithoutNewline_WaitsForIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "abc");
        await using var tail = new TailerHarness(path);
        await TailerHarness.SettleAsync(400);
        Assert.Empty(tail.Lines);
        TailerHarness.Append(path, "def\n");
        await tail.WaitForAsync(1);
        Assert.Equal(["abcdef"], tail.Texts);
    }

    [Fact] // G5
    public async Task Run_RenameRotationWhileWriterKeepsOldHandle_DrainsOldThenReadsNew()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        writer.Write("old-1\n"u8);
        writer.Flush();
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(1);
        File.Move(path, path + ".1");
        File.WriteAllText(path, "new-1\n");
        await Task.Delay(150, TestContext.Current.CancellationToken);
        writer.Write("old-2\n"u8); // the writer still holds the renamed file
        writer.Flush();
        await writer.DisposeAsync();
        TailerHarness.Append(path, "new-2\n");
        await tail.WaitForAsync(4);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(["old-1", "old-2"], tail.Texts.Where(t => t.StartsWith("old", StringComparison.Ordinal)));
        Assert.Equal(["new-1", "new-2"], tail.Texts.Where(t => t.StartsWith("new", StringComparison.Ordinal)));
        Assert.Equal(4, tail.Lines.Count);
    }

    [Fact] // G7
    public async Task Run_Copytruncate_ReadsUnreadLinesFromCopyOnceThenNewContent()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        var head = string.Concat(Enumerable.Range(0, 40).Select(i => $"line-{i:D4} padding padding\n"));
        File.WriteAllText(path, head);
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(40);
        // Lines written after our last read, then copied and truncated before we poll again.
        TailerHarness.Append(path, "late-1\nlate-2\n");
        File.Copy(path, path + ".1");
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        TailerHarness.Append(path, "fresh-1\n");
        await tail.WaitForAsync(43);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(43, tail.Lines.Count);
        Assert.Equal(["late-1", "late-2"], tail.Texts.Skip(40).Where(t => t.StartsWith("late", StringComparison.Ordinal)));
        Assert.Contains("fresh-1", tail.Texts);
    }

    [Theory] // G8 while running
    [InlineData("x\n")]
    [InlineData("rewritten with a longer content than before, well past the old offset\nmore\n")]
    public async Task Run_TruncatedAndRewritten_ReadsNewContentFromStart(string rewrite)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "first line\nsecond line\n");
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(2);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(0);
            stream.Write(Encoding.UTF8.GetBytes(rewrite));
        }

        var expected = rewrite.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await tail.WaitForAsync(2 + expected.Length);
        await TailerHarness.SettleAsync();
        Assert.Equal(["first line", "second line", .. expected], tail.Texts);
    }

    [Fact] // G9 different content
    public async Task Run_AtomicReplaceWithDifferentContent_ReadsNewFileFromStart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "one\n");
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(1);
        File.WriteAllText(path + ".tmp", "other\ncontent\n");
        File.Move(path + ".tmp", path, overwrite: true);
        await tail.WaitForAsync(3);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(["one", "other", "content"], tail.Texts);
    }

    [Fact] // G9 same first KiB
    public async Task Run_AtomicReplaceWithSameContentPlusMore_ContinuesWithoutRereading()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        var head = string.Concat(Enumerable.Range(0, 60).Select(i => $"entry {i:D3} .........\n"));
        File.WriteAllText(path, head);
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(60);
        File.WriteAllText(path + ".tmp", head + "appended\n");
        File.Move(path + ".tmp", path, overwrite: true);
        await tail.WaitForAsync(61);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(61, tail.Lines.Count);
        Assert.Equal("appended", tail.Texts[^1]);
    }

    [Fact] // G10 running
    public async Task Run_DeleteAndRecreate_ReadsNewFileFromStart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "before delete, a long enough line\n");
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(1);
        File.Delete(path);
        File.WriteAllText(path, "after\n");
        await tail.WaitForAsync(2);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(["before delete, a long enough line", "after"], tail.Texts);
    }

    [Fact] // G11 at rotation and at deletion
    public async Task Run_PartialLineWhenFileRotatedOrDeleted_DeliveredOnceFlagged()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "whole\nfrag");
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(1);
        File.Move(path, path + ".1");
        File.WriteAllText(path, "next\ngone");
        var lines = await tail.WaitForAsync(3);
        File.Delete(path);
        lines = await tail.WaitForAsync(4);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(4, tail.Lines.Count);
        var frag = Assert.Single(lines, l => l.Text == "frag");
        Assert.Equal(TailedLineFlags.Partial, frag.Flags);
        var gone = Assert.Single(lines, l => l.Text == "gone");
        Assert.Equal(TailedLineFlags.Partial, gone.Flags);
        Assert.Equal(TailedLineFlags.None, Assert.Single(lines, l => l.Text == "next").Flags);
    }

    [Fact] // G12
    public async Task Run_LineOverLimit_CutAndFlaggedNeighboursIntact()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        var options = TailerHarness.FastOptions with { MaxLineBytes = 4096 };
        File.WriteAllText(path, "before\n" + new string('x', 1024 * 1024) + "\nafter\n");
        await using var tail = new TailerHarness(path, options: options);
        var lines = await tail.WaitForAsync(3);
        await TailerHarness.SettleAsync();
        Assert.Equal(3, tail.Lines.Count);
        Assert.Equal("before", lines[0].Text);
        Assert.Equal(TailedLineFlags.Truncated, lines[1].Flags);
        Assert.Equal(4096, lines[1].Text.Length);
        Assert.Equal(7 + (1024 * 1024) + 1, lines[1].End);
        Assert.Equal("after", lines[2].Text);
    }

    [Fact] // G13
    public async Task Run_InvalidUtf8CrlfBomNulsAndSplitEmoji_DecodedWithCorrectOffsets()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        var emoji = "🚀"u8.ToArray();
        byte[] content = [.. "\uFEFFbom line\r\n"u8, .. "bad "u8, 0xFF, 0xFE, .. " end\n"u8, 0, 0, 0, .. "after nuls\n"u8, .. "go "u8, emoji[0], emoji[1]];
        File.WriteAllBytes(path, content);
        await using var tail = new TailerHarness(path);
        await tail.WaitForAsync(3);
        TailerHarness.AppendBytes(path, [emoji[2], emoji[3], (byte)'\n']);
        var lines = await tail.WaitForAsync(4);
        Assert.Equal("bom line", lines[0].Text);
        Assert.Equal("bad \uFFFD\uFFFD end", lines[1].Text);
        Assert.Equal(TailedLineFlags.InvalidUtf8, lines[1].Flags);
        Assert.Equal("after nuls", lines[2].Text);
        Assert.Equal("go 🚀", lines[3].Text);
        Assert.Equal(content.Length + 3, lines[3].End);
        Assert.Equal(lines[0].End, lines[1].Start);
    }

    [Fact]
    public async Task Run_MissingFile_WaitsAndReadsItFromStartWhenItAppears()
    {
        using var dir = new TempDirectory();
        var path = dir.File("later.log");
        await using var tail = new TailerHarness(path, startAt: TailStartAt.End);
        await TailerHarness.SettleAsync();
        File.WriteAllText(path, "first\n");
        await tail.WaitForAsync(1);
        Assert.Equal(["first"], tail.Texts);
    }
}
