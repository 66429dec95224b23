using System.Threading.Channels;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Tailing;

/// <summary>The mod's numbered files followed one poll at a time (no background loop), so each step is deterministic.</summary>
public sealed class NumberedFileFollowerTests : IDisposable
{
    private static readonly TailOptions Options = TailerHarness.FastOptions with { RotateWait = TimeSpan.Zero };
    private readonly TempDirectory _dir = new();
    private readonly Channel<TailedLine[]> _channel = Channel.CreateUnbounded<TailedLine[]>();
    private readonly List<TailedLine> _taken = [];

    public void Dispose() => _dir.Dispose();

    private string Events(int n) => _dir.File($"events-{n}.jsonl");

    private NumberedFileFollower Follower(IReadOnlyList<TailPosition>? saved = null, TailStartAt startAt = TailStartAt.Beginning, string? path = null, List<TailPosition>? forgotten = null) =>
        new(new TailSource("srv", "mod", path ?? _dir.Path, startAt), Options, saved ?? [], _channel.Writer, TimeProvider.System, NullLogger.Instance,
            (_, positions) => forgotten?.AddRange(positions));

    /// <summary>Polls until nothing more is waiting; returns the texts read, and keeps the lines (for positions).</summary>
    private async Task<List<string>> PollAsync(NumberedFileFollower follower, int polls = 3)
    {
        var texts = new List<string>();
        for (var i = 0; i < polls; i++)
        {
            while (await follower.PollAsync(TestContext.Current.CancellationToken))
            {
            }

            while (_channel.Reader.TryRead(out var chunk))
            {
                _taken.AddRange(chunk);
                texts.AddRange(chunk.Select(l => l.Text));
            }
        }

        return texts;
    }

    /// <summary>What the ingest writer would have committed: the end of the last line taken from each file.</summary>
    private List<TailPosition> Committed() => [.. _taken.GroupBy(l => (l.File.Identity, l.File.Epoch)).Select(g => g.Last().ToPosition())];

    private static string Lines(string prefix, int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"n\":\"{prefix}{i}\"}}\n"));

    private static string[] Texts(string prefix, int count) => [.. Lines(prefix, count).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    [Fact]
    public async Task Poll_ReadsTheFilesInNumberOrder_NotNameOrder()
    {
        File.WriteAllText(Events(10), Lines("c", 2));
        File.WriteAllText(Events(2), Lines("b", 2));
        File.WriteAllText(Events(1), Lines("a", 2));
        File.WriteAllText(_dir.File("other.jsonl"), Lines("x", 1));
        using var follower = Follower();

        var texts = await PollAsync(follower);

        Assert.Equal([.. Texts("a", 2), .. Texts("b", 2), .. Texts("c", 2)], texts);
        Assert.Equal([Events(1), Events(2), Events(10)], follower.Files);
        Assert.All(_taken, l => Assert.Equal("mod", l.File.Source));
    }

    [Fact]
    public async Task Poll_Rollover_TheOldFilesLastLinesComeBeforeTheNewFiles()
    {
        File.WriteAllText(Events(1), Lines("a", 3));
        using var follower = Follower();
        Assert.Equal(Texts("a", 3), await PollAsync(follower));

        TailerHarness.Append(Events(1), Lines("b", 2));
        File.WriteAllText(Events(2), Lines("c", 2));

        Assert.Equal([.. Texts("b", 2), .. Texts("c", 2)], await PollAsync(follower));
    }

    [Fact]
    public async Task Restart_WithSavedPositions_ContinuesEachFile_AndReadsNewOnesWhole()
    {
        File.WriteAllText(Events(1), Lines("a", 3));
        File.WriteAllText(Events(2), Lines("b", 2));
        using (var first = Follower())
        {
            await PollAsync(first);
        }

        var saved = Committed();
        TailerHarness.Append(Events(2), Lines("c", 2)); // written while isr was stopped
        File.WriteAllText(Events(3), Lines("d", 2));
        File.SetLastWriteTimeUtc(Events(3), File.GetLastWriteTimeUtc(Events(2)).AddSeconds(5));
        _taken.Clear();
        using var second = Follower(saved);

        Assert.Equal([.. Texts("c", 2), .. Texts("d", 2)], await PollAsync(second));
    }

    [Fact]
    public async Task StartAtEnd_SkipsWhatIsThere_ThenARestartSkipsItAgain_NewFilesAreReadWhole()
    {
        File.WriteAllText(Events(1), Lines("a", 3));
        File.WriteAllText(Events(2), Lines("b", 3));
        File.SetLastWriteTimeUtc(Events(1), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Events(2), new DateTime(2026, 1, 1, 0, 1, 0, DateTimeKind.Utc));
        using (var first = Follower(startAt: TailStartAt.End))
        {
            Assert.Empty(await PollAsync(first));
            TailerHarness.Append(Events(2), Lines("c", 1));
            Assert.Equal(Texts("c", 1), await PollAsync(first));
        }

        // Only events-2 has a position now; events-1 (older than it) was seen and skipped, events-3 is new.
        var saved = Committed();
        Assert.Single(saved);
        File.WriteAllText(Events(3), Lines("d", 2));
        File.SetLastWriteTimeUtc(Events(3), File.GetLastWriteTimeUtc(Events(2)).AddMinutes(1));
        _taken.Clear();
        using var second = Follower(saved, startAt: TailStartAt.End);

        Assert.Equal(Texts("d", 2), await PollAsync(second));
    }

    [Fact]
    public async Task DeletedFile_IsFinishedThenDropped_ItsPositionIsForgottenAtTheNextStart()
    {
        File.WriteAllText(Events(1), Lines("a", 2));
        File.WriteAllText(Events(2), Lines("b", 2));
        using (var first = Follower())
        {
            await PollAsync(first);
            File.Delete(Events(1)); // the mod's cleanup (isr-keep-files)
            await PollAsync(first);
            Assert.Equal([Events(2)], first.Files);
        }

        var saved = Committed();
        var forgotten = new List<TailPosition>();
        _taken.Clear();
        using var second = Follower([.. saved, .. saved.Where(p => p.Path == Events(1))], forgotten: forgotten);
        Assert.Empty(await PollAsync(second));
        Assert.Contains(forgotten, p => p.Path == Events(1));
        Assert.DoesNotContain(forgotten, p => p.Path == Events(2));
    }

    [Fact]
    public async Task RewrittenNumber_ANewMapStartingAtOne_IsReadFromItsStart()
    {
        File.WriteAllText(Events(1), Lines("old", 4));
        using var follower = Follower();
        await PollAsync(follower);

        // The mod's first line of a file replaces what is there (write_file with append = false).
        using (var stream = new FileStream(Events(1), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(Lines("new", 1)));
        }

        Assert.Equal(Texts("new", 1), await PollAsync(follower));
    }

    [Fact]
    public async Task MissingDirectory_WaitsWithoutError_ThenReadsTheFilesThatAppear()
    {
        var mod = Path.Combine(_dir.Path, "script-output", "isr");
        using var follower = Follower(path: Path.Combine(mod, NumberedFiles.DefaultGlob));
        Assert.Empty(await PollAsync(follower));

        Directory.CreateDirectory(mod);
        File.WriteAllText(Path.Combine(mod, "events-1.jsonl"), Lines("a", 2));

        Assert.Equal(Texts("a", 2), await PollAsync(follower));
    }

    [Theory]
    [InlineData("events-12.jsonl", 12)]
    [InlineData("events-1.jsonl", 1)]
    [InlineData("events.jsonl", -1)]
    [InlineData("run7-events-3.jsonl", 3)]
    public void NumberOf_IsTheLastNumberInTheName(string name, long expected) => Assert.Equal(expected, NumberedFiles.NumberOf(name));

    [Fact]
    public void From_DirectoryOrPatternOrFile()
    {
        Assert.Equal(new NumberedFiles(_dir.Path, "events-*.jsonl"), NumberedFiles.From(_dir.Path));
        Assert.Equal(new NumberedFiles(_dir.Path, "ev-*.json"), NumberedFiles.From(Path.Combine(_dir.Path, "ev-*.json")));
        Assert.Equal(new NumberedFiles(_dir.Path, "one.jsonl"), NumberedFiles.From(Path.Combine(_dir.Path, "one.jsonl")));
    }
}
