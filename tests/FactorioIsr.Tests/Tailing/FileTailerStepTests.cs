using System.Threading.Channels;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Tailing;

/// <summary>Interleavings driven one poll at a time (no background loop), so they are deterministic.</summary>
public sealed class FileTailerStepTests
{
    private static string Lines(string prefix, int from, int count) => TailResumeTests.Lines(prefix, from, count);

    private static List<string> Drain(Channel<TailedLine[]> channel)
    {
        var texts = new List<string>();
        while (channel.Reader.TryRead(out var chunk))
        {
            texts.AddRange(chunk.Select(line => line.Text));
        }

        return texts;
    }

    [Fact]
    public async Task Poll_RenameRotationWhileCopytruncateCopyIsDrained_TruncatedFilesNewLinesAreNotLost()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, Lines("g1", 0, 60));
        var channel = Channel.CreateUnbounded<TailedLine[]>();
        var options = TailerHarness.FastOptions with { RotateWait = TimeSpan.Zero };
        using var tailer = new FileTailer(new TailSource("srv", "console", path, TailStartAt.Beginning), options, [], channel.Writer, TimeProvider.System, NullLogger.Instance);
        var ct = TestContext.Current.CancellationToken;
        await tailer.PollAsync(ct);
        Assert.Equal(60, Drain(channel).Count);

        TailerHarness.Append(path, Lines("g1", 60, 20));
        TailResumeTests.Copytruncate(path, path + ".1", Lines("g2", 0, 5));
        await tailer.PollAsync(ct); // sees the truncation, finds the copy: the copy is read first

        TailResumeTests.RenameRotate(path, path + ".2", Lines("g3", 0, 6)); // before the copy is finished
        var texts = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            await tailer.PollAsync(ct);
            texts.AddRange(Drain(channel));
        }

        string[] Expected(string prefix, int from, int count) => [.. Lines(prefix, from, count).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        Assert.Equal(Expected("g1", 60, 20), texts.Where(t => t.Contains("g1:", StringComparison.Ordinal)));
        Assert.Equal(Expected("g2", 0, 5), texts.Where(t => t.Contains("g2:", StringComparison.Ordinal)));
        Assert.Equal(Expected("g3", 0, 6), texts.Where(t => t.Contains("g3:", StringComparison.Ordinal)));
        Assert.Equal(31, texts.Count);
        Assert.True(texts.IndexOf(Expected("g1", 79, 1)[0]) < texts.IndexOf(Expected("g2", 0, 1)[0]), "the copy's lines come before the truncated file's new ones");
    }
}
