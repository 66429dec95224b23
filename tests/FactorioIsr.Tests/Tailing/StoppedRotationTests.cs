using System.Text;
using FactorioIsr.Tests.Delivery;

namespace FactorioIsr.Tests.Tailing;

/// <summary>
/// isr stopped, the followed file rotated (rename or copytruncate, once or twice) and written again, isr started: every
/// line of every generation isr had started to read is delivered once, in order, then the new file. Also the G8
/// "stopped" variants (truncated and rewritten in place while isr is down). End to end through the durable pipeline.
/// </summary>
public sealed class StoppedRotationTests
{
    private static string Lines(string prefix, int from, int count) => TailResumeTests.Lines(prefix, from, count);

    private static List<string> Of(IReadOnlyList<string> raws, string prefix) =>
        [.. raws.Where(r => r.Contains($"] {prefix}: ", StringComparison.Ordinal))];

    private static string[] Expected(string prefix, int from, int count) =>
        [.. Lines(prefix, from, count).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Reads 40 lines of g1, stops, writes 20 more (unread), applies <paramref name="rotate"/>, starts again.</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(string name, string? glob, Action<string> rotate, int expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        await using var h = new PipelineHarness(dir, name);
        h.Sources = [h.Sources[0] with { RotatedGlobs = glob is null ? null : [glob] }];
        File.WriteAllText(path, Lines("g1", 0, 40));
        h.Start();
        await h.WaitForRecordsAsync(40);
        await h.StopAsync();
        TailerHarness.Append(path, Lines("g1", 40, 20));
        rotate(path);
        h.Start();
        await h.WaitForRecordsAsync(expected);
        await TailerHarness.SettleAsync(900); // > RotateWait: rotated files are finished, nothing more may come
        await h.RestartAsync(); // and once more: nothing is read twice
        await TailerHarness.SettleAsync(500);
        var raws = h.Raws();
        Assert.Equal(h.Records().Count, h.Records().Select(r => r.Id).Distinct().Count());
        return raws;
    }

    private static void AssertG1AndNewest(IReadOnlyList<string> raws, string newest, int newestCount)
    {
        Assert.Equal(Expected("g1", 0, 60), Of(raws, "g1"));
        Assert.Equal(Expected(newest, 0, newestCount), Of(raws, newest));
    }

    [Theory]
    [InlineData("console.log", ".1", null)]
    [InlineData("console.log", ".old", null)]
    [InlineData("console.log", ".2026-11-26", "console.log.*")]
    public async Task Restart_AfterRenameRotationWhileStopped_FinishesOldFileThenNewOnce(string name, string suffix, string? glob)
    {
        var raws = await RunAsync(name, glob, path => TailResumeTests.RenameRotate(path, path + suffix, Lines("g2", 0, 7)), 67);
        AssertG1AndNewest(raws, "g2", 7);
        Assert.Equal(67, raws.Count);
    }

    [Fact]
    public async Task Restart_AfterFactorioRotationWhileStopped_FinishesPreviousLogThenCurrent()
    {
        var raws = await RunAsync("factorio-current.log", null, path => TailResumeTests.RenameRotate(path, path.Replace("-current", "-previous", StringComparison.Ordinal), Lines("g2", 0, 7)), 67);
        AssertG1AndNewest(raws, "g2", 7);
        Assert.Equal(67, raws.Count);
    }

    [Theory]
    [InlineData(".1", null)]
    [InlineData(".old", null)]
    [InlineData(".20261126", "console.log.*")]
    public async Task Restart_AfterCopytruncateWhileStopped_ReadsRestOfCopyOnceThenNewContent(string suffix, string? glob)
    {
        var raws = await RunAsync("console.log", glob, path => TailResumeTests.Copytruncate(path, path + suffix, Lines("g2", 0, 7)), 67);
        AssertG1AndNewest(raws, "g2", 7);
        Assert.Equal(67, raws.Count);
    }

    [Fact] // logrotate with numbered names: .1 -> .2, current -> .1, twice while stopped
    public async Task Restart_AfterTwoShiftingRenameRotationsWhileStopped_FinishesTheStartedGenerationAndReadsTheNewest()
    {
        var raws = await RunAsync("console.log", "console.log.*", path =>
        {
            TailResumeTests.RenameRotate(path, path + ".1", Lines("g2", 0, 5));
            File.Move(path + ".1", path + ".2");
            TailResumeTests.RenameRotate(path, path + ".1", Lines("g3", 0, 6));
        }, 66);
        AssertG1AndNewest(raws, "g3", 6);
    }

    [Fact]
    public async Task Restart_AfterTwoCopytruncatesWhileStopped_FinishesTheStartedGenerationFromItsCopy()
    {
        var raws = await RunAsync("console.log", "console.log.*", path =>
        {
            TailResumeTests.Copytruncate(path, path + ".1", Lines("g2", 0, 5));
            TailResumeTests.Copytruncate(path, path + ".2", Lines("g3", 0, 6));
        }, 66);
        AssertG1AndNewest(raws, "g3", 6);
    }

    [Fact]
    public async Task Restart_AfterCopytruncateThenRenameWhileStopped_FinishesTheStartedGenerationFromItsCopy()
    {
        var raws = await RunAsync("console.log", "console.log.*", path =>
        {
            TailResumeTests.Copytruncate(path, path + ".1", Lines("g2", 0, 5));
            TailResumeTests.RenameRotate(path, path + ".2", Lines("g3", 0, 6)); // the inode isr knew, now holding g2
        }, 66);
        AssertG1AndNewest(raws, "g3", 6);
    }

    [Fact]
    public async Task Restart_AfterRenameThenCopytruncateWhileStopped_FinishesTheStartedGenerationThenTheNewest()
    {
        var raws = await RunAsync("console.log", "console.log.*", path =>
        {
            TailResumeTests.RenameRotate(path, path + ".1", Lines("g2", 0, 5));
            TailResumeTests.Copytruncate(path, path + ".2", Lines("g3", 0, 6));
        }, 66);
        AssertG1AndNewest(raws, "g3", 6);
    }

    [Theory] // G8 while stopped, the cases a size check alone misses
    [InlineData("same size")]
    [InlineData("same first KiB")]
    [InlineData("same first KiB, longer")]
    public async Task Restart_AfterRewriteInPlaceWhileStopped_ReadsTheNewContentFromStart(string variant)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        await using var h = new PipelineHarness(dir, "console.log");
        var old = Lines("o", 0, 40);
        File.WriteAllText(path, old);
        h.Start();
        await h.WaitForRecordsAsync(40);
        await h.StopAsync();
        var head = old[..old.IndexOf('\n', 1100)]; // the first KiB and a bit, cut at a line end
        var rewrite = variant switch
        {
            "same size" => Lines("w", 0, 40),
            "same first KiB" => head + "\n" + "2026-11-26 12:00:00 [CHAT] w: rewritten\n",
            _ => head + "\n" + Lines("w", 0, 60),
        };
        Assert.Equal(variant == "same size", Encoding.UTF8.GetByteCount(rewrite) == Encoding.UTF8.GetByteCount(old));
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            s.SetLength(0);
            s.Write(Encoding.UTF8.GetBytes(rewrite));
        }

        var expected = rewrite.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        h.Start();
        await h.WaitForRecordsAsync(40 + expected.Length);
        await TailerHarness.SettleAsync(500);
        Assert.Equal([.. old.Split('\n', StringSplitOptions.RemoveEmptyEntries), .. expected], h.Raws());
    }
}
