using System.Diagnostics;
using System.Globalization;
using System.Text;
using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Hosting;
using FactorioIsr.Ingest;
using FactorioIsr.Patterns;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Tailing;

/// <summary>
/// Stopwatch harness for the durable pipeline (file -> tailer -> patterns -> SQLite outbox -> JSONL, fsync on):
/// <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- tailing [latency|throughput|catchup|stages|tail] [args]</c>.
/// </summary>
internal static class TailingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.Length > 0 ? args[0] : "all";
        if (what is "latency" or "all")
        {
            await LatencyAsync(files: 100, seconds: 10);
        }

        if (what is "throughput" or "all")
        {
            await ThroughputAsync(lines: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000, mode: args.Length > 2 ? args[2] : "chat");
        }

        if (what is "stages")
        {
            StageBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300_000);
        }

        if (what is "tail")
        {
            StageBench.RunTail(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7);
        }

        if (what is "catchup" or "all")
        {
            var megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
            await CatchUpAsync(megabytes);
        }

        return 0;
    }

    private static PatternSet Patterns()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "patterns");
        return PatternSet.Load(directory).Set ?? throw new InvalidOperationException($"patterns in {directory} do not load");
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "isr-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// The state in a directory of its own, as in a deployment (data/isr.db beside, not among, the logs): in the logs'
    /// directory every WAL write is an inotify event the tailers wake up for. ISR_BENCH_STATE_WITH_LOGS=1: the old way.
    /// </summary>
    private static string StatePath(string dir) => Environment.GetEnvironmentVariable("ISR_BENCH_STATE_WITH_LOGS") == "1"
        ? Path.Combine(dir, "isr.db")
        : Path.Combine(dir, "state", "isr.db");

    private static RelayPipeline Pipeline(string dir, IReadOnlyList<TailSource> sources, IDeliveryOutput output, out SqliteStateStore store, bool raw = false)
    {
        // ISR_BENCH_RECENT=0 turns the in-memory hand-off off (every read decodes from the database), for comparison.
        store = int.TryParse(Environment.GetEnvironmentVariable("ISR_BENCH_RECENT"), CultureInfo.InvariantCulture, out var recent)
            ? SqliteStateStore.Open(StatePath(dir), TimeProvider.System, NullLogger.Instance, recent)
            : SqliteStateStore.Open(StatePath(dir), TimeProvider.System, NullLogger.Instance);
        var parse = raw ? LineEvents.Raw(TimeProvider.System) : PatternLineParser.Create(Patterns(), TimeProvider.System);
        // ISR_BENCH_EVENTS=N: N events per commit; ISR_BENCH_READ=N: N rows per dispatcher read (for comparison).
        var options = new RelayOptions();
        if (int.TryParse(Environment.GetEnvironmentVariable("ISR_BENCH_EVENTS"), CultureInfo.InvariantCulture, out var events))
        {
            options = options with { MaxCommitEvents = events };
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("ISR_BENCH_READ"), CultureInfo.InvariantCulture, out var read))
        {
            options = options with { Dispatch = options.Dispatch with { MaxPendingRows = read } };
        }

        // ISR_BENCH_WARMUP=0: no background JIT warm-up at start (see JitWarmup), for comparison.
        if (Environment.GetEnvironmentVariable("ISR_BENCH_WARMUP") == "0")
        {
            options = options with { JitWarmup = false };
        }

        var pipeline = new RelayPipeline(store, sources, parse, _ => [], [output], options, TimeProvider.System, NullLoggerFactory.Instance);
        pipeline.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return pipeline;
    }

    /// <summary>100 files written at random, one line every ~2 ms; latency from append to "written to the JSONL file".</summary>
    private static async Task LatencyAsync(int files, int seconds)
    {
        var dir = TempDir();
        var paths = Enumerable.Range(0, files).Select(i => Path.Combine(dir, $"console-{i:D3}.log")).ToArray();
        foreach (var path in paths)
        {
            File.WriteAllText(path, string.Empty);
        }

        var output = new TimedOutput(new JsonlOutput(Path.Combine(dir, "events.jsonl")));
        var sources = paths.Select((p, i) => new TailSource($"s{i:D3}", "console", p, TailStartAt.End)).ToList();
        await using var pipeline = Pipeline(dir, sources, output, out var store);
        await Task.Delay(1000);
        var streams = paths.Select(p => new FileStream(p, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)).ToArray();
        var random = new Random(1);
        var stopwatch = Stopwatch.StartNew();
        var written = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var stream = streams[random.Next(files)];
            stream.Write(Encoding.UTF8.GetBytes($"2026-11-26 12:00:00 [CHAT] Bench: t={Stopwatch.GetTimestamp()}\n"));
            stream.Flush();
            written++;
            Thread.Sleep(2);
        }

        var until = Stopwatch.StartNew();
        while (output.Count < written && until.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await pipeline.StopAsync(CancellationToken.None);
        var latencies = output.Latencies();
        Console.WriteLine($"latency: {files} files, {written} lines in {seconds} s ({written / seconds} lines/s), delivered {latencies.Length}: " +
            $"p50 {Percentile(latencies, 0.50):F2} ms, p90 {Percentile(latencies, 0.90):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies.Max():F2} ms");

        // The same without the first 10 % of the lines: a process that has been running (JIT done, caches warm).
        var warm = output.Latencies(skip: latencies.Length / 10);
        Console.WriteLine($"latency, first 10 % left out: p50 {Percentile(warm, 0.50):F2} ms, p90 {Percentile(warm, 0.90):F2} ms, p99 {Percentile(warm, 0.99):F2} ms, max {warm.Max():F2} ms");
        foreach (var s in streams)
        {
            s.Dispose();
        }

        store.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// A backlog read, parsed, committed and written to JSONL. Modes: <c>chat</c> (every line a chat event), <c>raw</c> (every line an
    /// event without the patterns: the pipeline's own ceiling), <c>mixed</c> (the realistic console.log of <c>generate-console-log</c>: ~70 % of the lines
    /// are events, the rest match no pattern).
    /// </summary>
    private static async Task ThroughputAsync(int lines, string mode)
    {
        using var gc = Environment.GetEnvironmentVariable("ISR_BENCH_GCTRACE") is null ? null : new GcReasons();
        var dir = TempDir();
        var path = Path.Combine(dir, "console.log");
        var raw = mode == "raw";
        var events = lines;
        if (mode == "mixed")
        {
            Parsing.ConsoleLogGenerator.Write(path, lines);
            var patterns = Patterns();
            events = File.ReadLines(path).Count(l => patterns.Match(LogSourceKind.Console, l) is not null);
        }
        else
        {
            WriteLines(path, lines, chatEvery: 1);
        }

        var output = new TimedOutput(new JsonlOutput(Path.Combine(dir, "events.jsonl")));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await using (var pipeline = Pipeline(dir, [new TailSource("srv", "console", path, TailStartAt.Beginning)], output, out var store, raw))
        {
            while (output.Count < events)
            {
                await Task.Delay(20);
            }

            stopwatch.Stop();
            await pipeline.StopAsync(CancellationToken.None);
            store.Dispose();
        }

        var bytes = new FileInfo(path).Length;
        Console.WriteLine($"throughput ({mode}): {lines:N0} lines, {events:N0} events ({bytes / 1e6:F0} MB) file -> {(raw ? "raw line events" : "patterns")} -> outbox (fsync) -> jsonl (fsync) in {stopwatch.Elapsed.TotalSeconds:F2} s: " +
            $"{lines / stopwatch.Elapsed.TotalSeconds:N0} lines/s, {events / stopwatch.Elapsed.TotalSeconds:N0} events/s, {bytes / 1e6 / stopwatch.Elapsed.TotalSeconds:F0} MB/s; peak RSS {PeakRssMb()} MB; {CpuPerLine(cpu, lines)} {gc}");
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A backlog of a factorio log (1 line in 50 is an event), caught up; RSS sampled during the run.</summary>
    private static async Task CatchUpAsync(int megabytes)
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "console.log");
        var lines = WriteBytes(path, megabytes * 1024L * 1024, chatEvery: 50);
        var events = lines / 50;
        var output = new TimedOutput(new JsonlOutput(Path.Combine(dir, "events.jsonl")));
        long peakRss = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await using (var pipeline = Pipeline(dir, [new TailSource("srv", "console", path, TailStartAt.Beginning)], output, out var store))
        {
            while (output.Count < events)
            {
                await Task.Delay(50);
                peakRss = Math.Max(peakRss, Environment.WorkingSet);
            }

            stopwatch.Stop();
            await pipeline.StopAsync(CancellationToken.None);
            store.Dispose();
        }

        var bytes = new FileInfo(path).Length;
        Console.WriteLine($"catch-up: {bytes / 1e6:F0} MB backlog ({lines:N0} lines, {events:N0} events) in {stopwatch.Elapsed.TotalSeconds:F2} s: " +
            $"{bytes / 1e6 / stopwatch.Elapsed.TotalSeconds:F0} MB/s, {lines / stopwatch.Elapsed.TotalSeconds:N0} lines/s; RSS peak {peakRss / 1_000_000} MB; {CpuPerLine(cpu, lines)}, {bytes / 1e6 / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F0} MB per CPU-second");
        Directory.Delete(dir, recursive: true);
    }

    private static void WriteLines(string path, int lines, int chatEvery)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < lines; i++)
        {
            writer.Write(LineText(i, chatEvery));
        }
    }

    private static long WriteBytes(string path, long bytes, int chatEvery)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        long written = 0;
        long lines = 0;
        while (written < bytes)
        {
            var line = LineText(lines, chatEvery);
            writer.Write(line);
            written += line.Length;
            lines++;
        }

        return lines;
    }

    private static string LineText(long i, int chatEvery) => i % chatEvery == 0
        ? $"2026-11-26 12:{i / 60 % 60:D2}:{i % 60:D2} [CHAT] Player{i % 97}: message number {i} with some words in it\n"
        : $"{i / 10.0,10:F3} Info AsyncScheduler.cpp:{i % 500}: save slot {i % 7} serialized, entity count {i * 31 % 100000}\n";

    /// <summary>CPU time of the whole process (all threads) per line: what a loaded machine cannot hide.</summary>
    private static string CpuPerLine(TimeSpan before, long lines)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        return $"CPU {cpu.TotalSeconds:F2} s = {cpu.TotalMicroseconds / lines:F2} µs/line (GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms)";
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static long PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }

    /// <summary>Wraps an output: counts delivered events and the latency from the t= timestamp in their raw line.</summary>
    private sealed class TimedOutput(IDeliveryOutput inner) : IDeliveryOutput
    {
        private readonly List<double> _latencies = [];
        private int _count;

        public string Destination => inner.Destination;

        public int Count => Volatile.Read(ref _count);

        public bool NeedsStableBatches => inner.NeedsStableBatches;

        public int Pack(IReadOnlyList<OutboxEntry> pending) => inner.Pack(pending);

        public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
        {
            var outcome = await inner.DeliverAsync(batch, cancellationToken);
            var now = Stopwatch.GetTimestamp();
            lock (_latencies)
            {
                foreach (var entry in batch.Entries)
                {
                    var at = entry.Event.Raw.IndexOf("t=", StringComparison.Ordinal);
                    if (at >= 0 && long.TryParse(entry.Event.Raw.AsSpan(at + 2), CultureInfo.InvariantCulture, out var ts))
                    {
                        _latencies.Add(Stopwatch.GetElapsedTime(ts, now).TotalMilliseconds);
                    }
                }
            }

            Interlocked.Add(ref _count, batch.Entries.Count);
            return outcome;
        }

        /// <summary>Sorted latencies, leaving out the first <paramref name="skip"/> deliveries.</summary>
        public double[] Latencies(int skip = 0)
        {
            lock (_latencies)
            {
                return [.. _latencies.Skip(skip).Order()];
            }
        }
    }
}
