using System.Text;
using System.Threading.Channels;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Tailing;

/// <summary>Runs one <see cref="FileTailer"/> on a real file and collects what it emits.</summary>
internal sealed class TailerHarness : IAsyncDisposable
{
    public static readonly TailOptions FastOptions = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        RotateWait = TimeSpan.FromMilliseconds(400),
        PollOnly = true,
    };

    private readonly Channel<TailedLine[]> _channel = Channel.CreateBounded<TailedLine[]>(64);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TailedLine> _lines = [];
    private readonly Task _run;
    private readonly Task _collect;

    public TailerHarness(string path, IReadOnlyList<TailPosition>? saved = null, TailOptions? options = null, TailStartAt startAt = TailStartAt.Beginning)
    {
        Tailer = new FileTailer(new TailSource("srv", "console", path, startAt), options ?? FastOptions, saved ?? [], _channel.Writer, TimeProvider.System, NullLogger.Instance);
        _run = Task.Run(() => Tailer.RunAsync(_stop.Token));
        _collect = Task.Run(async () =>
        {
            await foreach (var chunk in _channel.Reader.ReadAllAsync())
            {
                lock (_lines)
                {
                    _lines.AddRange(chunk);
                }
            }
        });
    }

    public FileTailer Tailer { get; }

    public IReadOnlyList<TailedLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IReadOnlyList<string> Texts => [.. Lines.Select(l => l.Text)];

    /// <summary>Waits until at least <paramref name="count"/> lines arrived (generous timeout for loaded CI).</summary>
    public async Task<IReadOnlyList<TailedLine>> WaitForAsync(int count, int seconds = 20)
    {
        var until = Environment.TickCount64 + (seconds * 1000L);
        while (Lines.Count < count && Environment.TickCount64 < until)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(Lines.Count >= count, $"expected {count} lines, got {Lines.Count}: {string.Join(" | ", Texts)}");
        return Lines;
    }

    /// <summary>Gives the tailer time to (wrongly) emit more; used before asserting an exact count.</summary>
    public static Task SettleAsync(int milliseconds = 300) => Task.Delay(milliseconds, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _channel.Writer.TryComplete();
        await _collect;
        _stop.Dispose();
    }

    public static void Append(string path, string text) => File.AppendAllText(path, text, new UTF8Encoding(false));

    public static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(bytes);
    }
}
