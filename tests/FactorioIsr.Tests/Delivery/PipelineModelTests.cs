using System.Globalization;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Delivery;

/// <summary>
/// G24, model-based: random sequences of write / partial write / rename rotation / copytruncate / truncate /
/// delete / recreate / crash / restart against the real pipeline, checking delivered = written, each line exactly
/// once, in offset order per file. Rotated files get unique names inside the configured glob, so nothing written is
/// ever out of reach; operations that destroy unread bytes by nature (in-place truncate, delete) first wait until
/// everything written has been delivered, so the model stays exact. Fixed seeds: the same sequences run every time.
/// </summary>
public sealed class PipelineModelTests
{
    private enum Op
    {
        Write,
        PartialWrite,
        Rotate,
        CopyTruncate,
        Truncate,
        Delete,
        Recreate,
        Crash,
        Restart,
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomOperations_DeliveredEqualsWritten(int seed)
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, string.Empty);
        await using var h = new PipelineHarness(dir, "console.log");
        h.Sources = [new TailSource("srv", "console", path, TailStartAt.Beginning, ["console.log.*"])];
        var random = new Random(seed);
        var written = new List<string>();
        var running = false;
        var rotations = 0;
        string? pending = null; // a line written without its newline yet
        var generation = 0; // index in written of the current file's first line
        var trace = new List<Op>();

        void Start()
        {
            if (!running)
            {
                h.Start();
                running = true;
            }
        }

        void Complete()
        {
            if (pending is not null && File.Exists(path))
            {
                TailerHarness.Append(path, "\n");
                written.Add(pending);
                pending = null;
            }
        }

        // Rotating or copying a file of which nothing was ever taken is indistinguishable from a new file (docs/tailing.md):
        // the model makes sure the current file's first line was delivered before it is rotated.
        async Task EnsureKnownAsync()
        {
            Complete();
            if (written.Count == generation)
            {
                written.Add(Line(written.Count));
                TailerHarness.Append(path, written[^1] + "\n");
            }

            Start();
            var first = written[generation];
            var until = Environment.TickCount64 + 30_000;
            while (!h.Records().Any(r => r.Raw == first) && Environment.TickCount64 < until)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        async Task QuiesceAsync()
        {
            Complete();
            Start();
            await h.WaitForRecordsAsync(written.Count);
        }

        Start();
        for (var step = 0; step < 80; step++)
        {
            var op = (Op)random.Next(Enum.GetValues<Op>().Length);
            trace.Add(op);
            switch (op)
            {
                case Op.Write when File.Exists(path):
                    Complete();
                    var count = random.Next(1, 40);
                    var lines = Enumerable.Range(written.Count, count).Select(Line).ToList();
                    TailerHarness.Append(path, string.Concat(lines.Select(l => l + "\n")));
                    written.AddRange(lines);
                    break;
                case Op.PartialWrite when File.Exists(path) && pending is null:
                    pending = Line(written.Count);
                    var cut = random.Next(1, pending.Length);
                    TailerHarness.Append(path, pending[..cut]);
                    await Task.Delay(random.Next(0, 60), TestContext.Current.CancellationToken);
                    TailerHarness.Append(path, pending[cut..]);
                    break;
                case Op.Rotate when File.Exists(path):
                    await EnsureKnownAsync();
                    File.Move(path, $"{path}.{++rotations:D3}");
                    File.WriteAllText(path, string.Empty);
                    generation = written.Count;
                    break;
                case Op.CopyTruncate when File.Exists(path):
                    await EnsureKnownAsync();
                    generation = written.Count;
                    File.Copy(path, $"{path}.{++rotations:D3}");
                    using (var s = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    {
                        s.SetLength(0);
                    }

                    break;
                case Op.Truncate when File.Exists(path):
                    await QuiesceAsync();
                    using (var s = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    {
                        s.SetLength(0);
                    }

                    generation = written.Count;
                    break;
                case Op.Delete when File.Exists(path):
                    await QuiesceAsync();
                    File.Delete(path);
                    break;
                case Op.Recreate when !File.Exists(path):
                    File.WriteAllText(path, string.Empty);
                    generation = written.Count;
                    break;
                case Op.Crash when running:
                    await Task.Delay(random.Next(0, 80), TestContext.Current.CancellationToken);
                    await h.CrashAsync();
                    running = false;
                    break;
                case Op.Restart:
                    Start();
                    break;
            }

            await Task.Delay(random.Next(0, 30), TestContext.Current.CancellationToken);
        }

        if (!File.Exists(path))
        {
            File.WriteAllText(path, string.Empty);
            generation = written.Count;
        }

        await QuiesceAsync();
        await TailerHarness.SettleAsync(800);
        var records = h.Records();
        var context = $"seed {seed}, ops {string.Join(',', trace)}";
        Assert.True(written.Count > 20, context);
        Assert.Equal(written.Order(StringComparer.Ordinal), records.Select(r => r.Raw).Order(StringComparer.Ordinal));
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var file in records.GroupBy(r => r.Id[..r.Id.LastIndexOf('/')]))
        {
            var offsets = file.Select(r => long.Parse(r.Id[(r.Id.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(offsets.Order(), offsets);
        }
    }

    private static string Line(int seq) => $"model seq={seq:D6} pad={new string((char)('a' + (seq % 26)), seq % 50)}";
}
