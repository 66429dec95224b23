using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Tailing;

/// <summary>
/// Deterministic interleavings of a restart with rotations: what is saved, what happened to the files, and (through
/// the candidate lister) what changes between the directory listing and the matching of the saved positions.
/// </summary>
public sealed class TailResumeTests
{
    private static readonly TailSource Source = new("srv", "console", "unused");

    internal static string Lines(string prefix, int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"2026-11-26 12:00:00 [CHAT] {prefix}: seq={i:D5} pad.........\n"));

    /// <summary>The position a tailer would have saved after taking the first <paramref name="lines"/> lines of a file.</summary>
    internal static TailPosition PositionAfter(string path, int lines, long from = 0, TailPosition? continuing = null)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var file = new TailedFile("srv", "console", path, FileIdentity.Of(handle), continuing?.Epoch ?? 1);
        using var cursor = new TailCursor(handle, file, from, 64 * 1024);
        var read = new List<TailedLine>();
        long invalid = 0;
        cursor.Read(read, long.MaxValue, ref invalid);
        return read[lines - 1].ToPosition();
    }

    internal static void Copytruncate(string path, string copy, string rewrite)
    {
        File.Copy(path, copy);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.SetLength(0);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(rewrite));
    }

    internal static void RenameRotate(string path, string rotated, string rewrite)
    {
        File.Move(path, rotated);
        File.WriteAllText(path, rewrite);
    }

    /// <summary>What a tailer would read from a resume: the rotated files to their end in order, then the current file.</summary>
    private static List<string> ReadAll(ResumeResult result)
    {
        var texts = new List<string>();
        long invalid = 0;
        foreach (var (cursor, _) in result.Rotated)
        {
            var lines = new List<TailedLine>();
            cursor.Read(lines, long.MaxValue, ref invalid);
            texts.AddRange(lines.Select(l => l.Text));
            cursor.Dispose();
        }

        if (result.Current is { } current)
        {
            var lines = new List<TailedLine>();
            current.Read(lines, long.MaxValue, ref invalid);
            texts.AddRange(lines.Select(l => l.Text));
            current.Dispose();
        }

        return texts;
    }

    private static string[] Expected(params string[] chunks) =>
        [.. chunks.SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries))];

    private static TailResume Resumer(string path, Action? afterFirstListing = null, Action? beforeSecondListing = null)
    {
        var source = Source with { Path = path };
        var listings = 0;
        return new TailResume(source, new TailOptions(), TimeProvider.System, NullLogger.Instance, () =>
        {
            if (listings == 1)
            {
                beforeSecondListing?.Invoke();
            }

            var listed = TailResume.Candidates(source).ToList();
            if (listings++ == 0)
            {
                afterFirstListing?.Invoke();
            }

            return listed;
        });
    }

    [Fact] // the kill test's loss: isr restarts while the test copytruncates
    public void Resume_CopytruncateBetweenListingAndMatching_FindsTheCopy()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Lines("g1", 0, 60));
        var saved = PositionAfter(path, 40);

        var result = Resumer(path, () => Copytruncate(path, path + ".1", Lines("g2", 0, 5))).Resume([saved]);

        Assert.Empty(result.Forgotten);
        Assert.Equal([(path + ".1", true)], result.Rotated.Select(r => (r.Cursor.File.Path, r.Copy)));
        Assert.Equal(Expected(Lines("g1", 40, 20), Lines("g2", 0, 5)), ReadAll(result));
    }

    [Fact]
    public void Resume_RenameRotationBetweenListingAndMatching_FinishesTheRenamedFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Lines("g1", 0, 60));
        var saved = PositionAfter(path, 40);

        var result = Resumer(path, () => RenameRotate(path, path + ".1", Lines("g2", 0, 5))).Resume([saved]);

        Assert.Empty(result.Forgotten);
        var rotated = Assert.Single(result.Rotated);
        Assert.False(rotated.Copy);
        Assert.Equal(saved.Epoch, rotated.Cursor.File.Epoch); // the same file continues: same event ids
        Assert.Equal(Expected(Lines("g1", 40, 20), Lines("g2", 0, 5)), ReadAll(result));
    }

    [Fact]
    public void Resume_RenameRotationAfterCurrentMatched_DoesNotClaimTheRenamedFileTwice()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Lines("g1", 0, 60));
        File.WriteAllText(path + ".old", Lines("g0", 0, 10));
        var current = PositionAfter(path, 40);
        var stale = PositionAfter(path + ".old", 4);
        File.Delete(path + ".old"); // its position matches nothing now: that makes Resume list the directory again

        var result = Resumer(path, beforeSecondListing: () => RenameRotate(path, path + ".1", Lines("g2", 0, 5))).Resume([current, stale]);

        Assert.Empty(result.Forgotten); // one of the newest unmatched: kept, in case its file comes back
        Assert.Equal([stale], result.Unmatched);
        Assert.Empty(result.Rotated); // the open current file is the renamed one: the tailer sees the rotation and drains it
        Assert.Equal(Expected(Lines("g1", 40, 20)), ReadAll(result));
    }

    [Theory] // killed while the copy was drained: the truncated file's old position and the copy's own position saved
    [InlineData(0, false)] // no line of the copy committed yet
    [InlineData(7, false)]
    [InlineData(7, true)] // the copy's position saved before the original's (updated_at order)
    [InlineData(20, false)] // the copy fully committed, no line of the new content yet
    public void Resume_KilledWhileDrainingCopy_ReadsTheRestOfTheCopyOnceThenNewContent(int copyLinesTaken, bool copyFirst)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Lines("g1", 0, 60));
        var original = PositionAfter(path, 40);
        Copytruncate(path, path + ".1", Lines("g2", 0, 5));
        List<TailPosition> saved = [original];
        if (copyLinesTaken > 0)
        {
            var copy = PositionAfter(path + ".1", copyLinesTaken, from: original.Offset);
            saved.Insert(copyFirst ? 0 : 1, copy);
        }

        var result = Resumer(path).Resume(saved);

        Assert.Equal(Expected(Lines("g1", 40 + copyLinesTaken, 20 - copyLinesTaken), Lines("g2", 0, 5)), ReadAll(result));
    }

    [Theory] // the same, through a running tailer: the copy's rest first (blocking when only the original's position was saved), then the new content
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(20)]
    public async Task Run_RestartAfterKillWhileDrainingCopy_DeliversTheRestOnceAndTheCopyBeforeNewContentWhenNeeded(int copyLinesTaken)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Lines("g1", 0, 60));
        var original = PositionAfter(path, 40);
        Copytruncate(path, path + ".1", Lines("g2", 0, 5));
        List<TailPosition> saved = [original];
        if (copyLinesTaken > 0)
        {
            saved.Add(PositionAfter(path + ".1", copyLinesTaken, from: original.Offset));
        }

        await using var tail = new TailerHarness(path, saved);
        var expected = Expected(Lines("g1", 40 + copyLinesTaken, 20 - copyLinesTaken), Lines("g2", 0, 5));
        await tail.WaitForAsync(expected.Length);
        await TailerHarness.SettleAsync(600);
        Assert.Equal(expected.Length, tail.Lines.Count);
        Assert.Equal(expected.Where(t => t.Contains("g1:", StringComparison.Ordinal)), tail.Texts.Where(t => t.Contains("g1:", StringComparison.Ordinal)));
        Assert.Equal(expected.Where(t => t.Contains("g2:", StringComparison.Ordinal)), tail.Texts.Where(t => t.Contains("g2:", StringComparison.Ordinal)));
        if (copyLinesTaken == 0)
        {
            Assert.Equal(expected, tail.Texts); // nothing of the copy saved: it blocks the new content until it is finished
        }
    }
}
