using System.Diagnostics;
using System.Text;
using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.Patterns;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Tailing;

/// <summary>Each stage of the pipeline alone on the same lines: where the time goes. <c>-- tailing stages</c>.</summary>
internal static class StageBench
{
    public static void Run(int count)
    {
        var dir = Path.Combine(Path.GetTempPath(), "isr-stages-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var path = WriteChatLog(dir, count);
        var sw = Stopwatch.StartNew();
        var lines = Tail(path, count);
        Report("tail (read + split + decode)", count, sw);
        var patterns = PatternSet.Load(Path.Combine(AppContext.BaseDirectory, "patterns")).Set!;
        var parse = PatternLineParser.Create(patterns, TimeProvider.System);
        sw.Restart();
        var events = lines.SelectMany(l => parse(l)).ToList();
        Report("parse (patterns + render)", count, sw);
        var noise = lines.Select(l => l with { Text = $"{l.Start / 10.0,10:F3} Info AsyncScheduler.cpp:{l.Start % 500}: save slot 3 serialized, entity count {l.End}" }).ToList();
        sw.Restart();
        var matched = noise.Sum(l => parse(l).Count);
        Report($"parse, lines no pattern matches ({matched} matched)", count, sw);
        sw.Restart();
        long jsonBytes = 0;
        foreach (var e in events)
        {
            jsonBytes += System.Text.Json.JsonSerializer.Serialize(e, StateJson.Default.FactorioEvent).Length;
        }

        Report($"event JSON alone, the old outbox format ({jsonBytes / Math.Max(1, events.Count)} chars/event)", count, sw);
        var encoded = new OutboxBatch();
        sw.Restart();
        for (var round = 0; round < 3; round++)
        {
            encoded.Clear();
            foreach (var e in events)
            {
                encoded.Add("jsonl", e);
            }
        }

        Report($"event binary encoding alone, the outbox format ({encoded.Bytes / Math.Max(1, events.Count)} bytes/event)", 3 * count, sw);
        using var store = SqliteStateStore.Open(Path.Combine(dir, "isr.db"), TimeProvider.System, NullLogger.Instance, recentEvents: 0);
        sw.Restart();
        for (var i = 0; i < events.Count; i += 8192)
        {
            encoded.Clear();
            foreach (var e in events.Skip(i).Take(8192))
            {
                encoded.Add("jsonl", e);
            }

            store.CommitIngest(encoded, [new TailPositionUpdate("srv", "console", lines[Math.Min(lines.Count - 1, i + 8191)].ToPosition())]);
        }

        Report("outbox commit (encode + insert segment, 8192/tx, fsync)", count, sw);
        sw.Restart();
        long after = 0;
        var read = 0;
        while (true)
        {
            var pending = store.ReadPending("jsonl", after, 8192, 8 << 20);
            if (pending.Count == 0)
            {
                break;
            }

            read += pending.Count;
            after = pending[^1].Sequence;
        }

        Report("outbox read (select segments + decode)", read, sw);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        sw.Restart();
        foreach (var e in events)
        {
            if (buffer.WrittenCount > 1 << 20)
            {
                buffer.ResetWrittenCount();
            }

            JsonlOutput.Write(buffer, e);
        }

        Report("JSONL line formatting alone", count, sw);
        using var jsonl = new JsonlOutput(Path.Combine(dir, "events.jsonl"));
        var options = new DispatcherOptions();
        sw.Restart();
        after = 0;
        while (true)
        {
            var pending = store.ReadPending("jsonl", after, options.MaxPendingRows, options.MaxPendingBytes);
            if (pending.Count == 0)
            {
                break;
            }

            var batch = new DeliveryBatch("jsonl", [.. pending.Take(jsonl.Pack(pending))]);
            jsonl.DeliverAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            store.Acknowledge("jsonl", batch.FirstSequence, batch.LastSequence);
            after = batch.LastSequence;
        }

        Report($"dispatch JSONL (read + jsonl fsync + ack), {options.MaxPendingRows}/batch", read, sw);

        // The same when the dispatcher keeps up: each segment is delivered from memory right after its commit.
        using var live = SqliteStateStore.Open(Path.Combine(dir, "live.db"), TimeProvider.System, NullLogger.Instance);
        using var jsonl2 = new JsonlOutput(Path.Combine(dir, "events2.jsonl"));
        sw.Restart();
        after = 0;
        for (var i = 0; i < events.Count; i += 8192)
        {
            encoded.Clear();
            foreach (var e in events.Skip(i).Take(8192))
            {
                encoded.Add("jsonl", e);
            }

            live.CommitIngest(encoded, [new TailPositionUpdate("srv", "console", lines[Math.Min(lines.Count - 1, i + 8191)].ToPosition())]);
            while (live.ReadPending("jsonl", after, options.MaxPendingRows, options.MaxPendingBytes) is { Count: > 0 } pending)
            {
                var batch = new DeliveryBatch("jsonl", [.. pending.Take(jsonl2.Pack(pending))]);
                jsonl2.DeliverAsync(batch, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                live.Acknowledge("jsonl", batch.FirstSequence, batch.LastSequence);
                after = batch.LastSequence;
            }
        }

        Report("commit + dispatch JSONL from memory (hand-off), 8192/tx", events.Count, sw);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The tail stage alone, <paramref name="repeats"/> times on one file (lines kept, as the stage bench does). <c>-- tailing tail N R</c>.</summary>
    public static void RunTail(int count, int repeats)
    {
        var dir = Path.Combine(Path.GetTempPath(), "isr-stages-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var path = WriteChatLog(dir, count);
        foreach (var keep in new[] { true, false })
        {
            // Wall time per run, and CPU time of the whole process (GC threads included), which a loaded machine disturbs less.
            var rates = new List<double>();
            var cpuRates = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                var cpu = Environment.CpuUsage.TotalTime;
                var sw = Stopwatch.StartNew();
                GC.KeepAlive(Tail(path, count, keep));
                rates.Add(count / sw.Elapsed.TotalSeconds);
                cpuRates.Add(count / (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
                GC.Collect();
            }

            rates.Sort();
            cpuRates.Sort();
            var what = keep ? "tail, all lines kept (as in stages)" : "tail, lines dropped after each read (as in the pipeline)";
            Console.WriteLine($"{what,-62} median {rates[rates.Count / 2],12:N0} lines/s, {cpuRates[cpuRates.Count / 2],12:N0} lines/CPU-s ({repeats} runs)");
        }

        Directory.Delete(dir, recursive: true);
    }

    private static string WriteChatLog(string dir, int count)
    {
        var path = Path.Combine(dir, "console.log");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < count; i++)
        {
            writer.Write($"2026-11-26 12:{i / 60 % 60:D2}:{i % 60:D2} [CHAT] Player{i % 97}: message number {i} with some words in it\n");
        }

        return path;
    }

    private static List<TailedLine> Tail(string path, int count, bool keep = true)
    {
        var lines = new List<TailedLine>(count);
        using var handle = File.OpenHandle(path);
        using var cursor = new TailCursor(handle, new TailedFile("srv", "console", path, FileIdentity.Of(handle), 1), 0, 64 * 1024);
        long invalid = 0;
        while (cursor.Read(lines, 1 << 20, ref invalid) > 0)
        {
            if (!keep)
            {
                lines.Clear();
            }
        }

        return lines;
    }

    private static void Report(string stage, int count, Stopwatch sw) =>
        Console.WriteLine($"{stage,-62} {count / sw.Elapsed.TotalSeconds,12:N0} lines/s");
}
