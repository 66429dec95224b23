using System.Diagnostics;
using FactorioIsr.Tests.Delivery;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.State;

/// <summary>
/// G18: the state directory becomes read-only or full while running: reading stops, the error is reported, nothing is
/// lost, and everything is delivered exactly once when it works again. Tests run as root, and chmod does not stop
/// root, so "read-only" uses the immutable attribute (chattr +i, honoured even for root) and "full" a tiny tmpfs
/// filled up; both are real kernel refusals (EPERM, ENOSPC) reaching SQLite.
/// </summary>
public sealed class StateFailureTests
{
    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }

    [Fact]
    public async Task Commit_StateDirectoryReadOnly_ReadingStopsAndResumesWithNothingLost()
    {
        using var dir = new TempDirectory();
        var log = dir.File("console.log");
        File.WriteAllText(log, Lines(0, 50));
        await using var h = new PipelineHarness(dir, "console.log");
        h.Start();
        await h.WaitForRecordsAsync(50);
        var state = Path.GetDirectoryName(h.StatePath)!;
        string[] frozen = [state, .. Directory.GetFiles(state)];
        var written = 0;
        Run("chattr", ["+i", .. frozen]);
        try
        {
            written = await BlockedUntilErrorAsync(h, log);
        }
        finally
        {
            Run("chattr", ["-i", .. frozen]);
        }

        await AssertRecoversAsync(h, written);
    }

    [Fact]
    public async Task Commit_StateDirectoryFull_ReadingStopsAndResumesWithNothingLost()
    {
        using var dir = new TempDirectory();
        var state = dir.File("state");
        Directory.CreateDirectory(state);
        Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", state);
        try
        {
            var log = dir.File("console.log");
            File.WriteAllText(log, Lines(0, 50));
            await using var h = new PipelineHarness(dir, "console.log");
            h.Start();
            await h.WaitForRecordsAsync(50);
            var filler = Path.Combine(state, "filler");
            var written = 0;
            try
            {
                using (var fill = new FileStream(filler, FileMode.Create))
                {
                    var block = new byte[64 * 1024];
                    try
                    {
                        while (true)
                        {
                            fill.Write(block);
                            fill.Flush();
                        }
                    }
                    catch (IOException)
                    {
                        // ENOSPC: the state directory is full now
                    }
                }

                written = await BlockedUntilErrorAsync(h, log);
            }
            finally
            {
                File.Delete(filler);
            }

            await AssertRecoversAsync(h, written);
            await h.StopAsync();
        }
        finally
        {
            Run("umount", "-l", state);
        }
    }

    /// <summary>Writes <paramref name="filler"/> until the file system is full (ENOSPC).</summary>
    internal static void Fill(string filler)
    {
        using var fill = new FileStream(filler, FileMode.Create);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                fill.Write(block);
                fill.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: the state directory is full now
        }
    }

    internal static string Lines(int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"s={i:D6} ................................................................\n"));

    internal static async Task<int> BlockedUntilErrorAsync(PipelineHarness h, string log, int written = 50)
    {
        var until = Environment.TickCount64 + 30_000;
        while (h.Pipeline.StateError is null && Environment.TickCount64 < until)
        {
            TailerHarness.Append(log, Lines(written, 200));
            written += 200;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.NotNull(h.Pipeline.StateError);
        var delivered = h.Records().Count;
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.NotNull(h.Pipeline.StateError);
        Assert.True(h.Records().Count < written, "reading went on although nothing could be committed");
        Assert.Equal(delivered, h.Records().Count);
        return written;
    }

    internal static async Task AssertRecoversAsync(PipelineHarness h, int written)
    {
        await h.WaitForRecordsAsync(written, seconds: 60);
        await TailerHarness.SettleAsync(500);
        Assert.Null(h.Pipeline.StateError);
        Assert.Equal(Enumerable.Range(0, written).Select(i => $"s={i:D6} ................................................................"), h.Raws());
    }
}
