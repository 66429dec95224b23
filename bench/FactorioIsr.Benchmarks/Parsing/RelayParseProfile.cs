using System.Diagnostics;
using FactorioIsr.Ingest;
using FactorioIsr.Patterns;
using FactorioIsr.Tailing;

namespace FactorioIsr.Benchmarks.Parsing;

/// <summary>
/// The relay's parse stage (<see cref="PatternLineParser"/>) on the chat lines of <c>-- tailing stages</c>, several
/// rounds in one process: the first round is what that stage measures (cold: JIT included), the later ones the
/// steady state. <c>-- profile-relay-parse [LINES] [ROUNDS]</c>.
/// </summary>
internal static class RelayParseProfile
{
    public static void Run(int count, int rounds)
    {
        var file = new TailedFile("srv", "console", "/logs/console.log", new FileIdentity(1, 2), 1);
        var lines = new List<TailedLine>(count);
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            var text = $"2026-11-26 12:{i / 60 % 60:D2}:{i % 60:D2} [CHAT] Player{i % 97}: message number {i} with some words in it";
            lines.Add(new TailedLine(file, offset, offset + text.Length + 1, text, TailedLineFlags.None, default));
            offset += text.Length + 1;
        }

        var patterns = PatternSet.Load(Path.Combine(AppContext.BaseDirectory, "patterns")).Set!;
        var parse = PatternLineParser.Create(patterns, TimeProvider.System);
        for (var round = 1; round <= rounds; round++)
        {
            // Kept, as the stage benchmark and the ingest batch keep them: the GC cost of live events counts.
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var events = lines.SelectMany(l => parse(l)).ToList();
            var seconds = sw.Elapsed.TotalSeconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"round {round}: parse (patterns + render) {count / seconds,12:N0} lines/s ({events.Count} events, {allocated / count} B allocated/line, gen0/1/2 GCs so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)})");
        }
    }
}
