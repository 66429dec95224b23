using System.Diagnostics;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Benchmarks.Parsing;

/// <summary>
/// <c>-- parse-rounds FILE PATTERNS [ROUNDS]</c>: the <c>isr parse</c> pipeline run several times in one process, to
/// /dev/null, so the first (cold: JIT, regex compilation) and later (warm) rounds can be compared.
/// </summary>
internal static class ParsePipelineRounds
{
    public static async Task RunAsync(string file, string patternsDirectory, int rounds)
    {
        var (set, _) = PatternSet.Load(patternsDirectory);
        var bytes = await File.ReadAllBytesAsync(file);
        for (var round = 1; round <= rounds; round++)
        {
            var pipeline = new LogParsePipeline(set!, LogSourceKind.Console, "local", includeUnmatched: false);
            var gcBefore = GC.CollectionCount(0);
            var pauseBefore = GC.GetTotalPauseDuration();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var stats = await pipeline.RunAsync(new MemoryStream(bytes, writable: false), Stream.Null, CancellationToken.None);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"round {round}: {stats.Lines / seconds,12:N0} lines/s  cpu {cpu:F2} s  gen0 {GC.CollectionCount(0) - gcBefore}  pause {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms");
        }
    }
}
