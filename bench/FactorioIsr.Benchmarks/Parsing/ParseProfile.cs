using System.Diagnostics;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Benchmarks.Parsing;

/// <summary>Single-threaded breakdown of where parse time goes: <c>-- profile-parse FILE PATTERNS</c>.</summary>
internal static class ParseProfile
{
    public static void Run(string file, string patternsDirectory)
    {
        var (set, _) = PatternSet.Load(patternsDirectory);
        var lines = File.ReadAllLines(file);
        Measure("match only (cold)", lines, line => set!.Match(LogSourceKind.Console, line) is not null);
        Measure("match only (warm)", lines, line => set!.Match(LogSourceKind.Console, line) is not null);
        Measure("match+render", lines, line => set!.Match(LogSourceKind.Console, line) is { } m && EventRenderer.Render(m, "s", line).Length > 0);
        foreach (var pattern in set!.For(LogSourceKind.Console))
        {
            Measure($"{pattern.Name} Match (fast={pattern.UsesFastPath})", lines, line => pattern.Match(line).Success);
            Measure($"{pattern.Name} prefilter", lines, line => pattern.RequiredLiteral is null || line.Contains(pattern.RequiredLiteral, StringComparison.OrdinalIgnoreCase));
        }

        Measure("decode only", lines, line => System.Text.Encoding.UTF8.GetByteCount(line) > 0);
    }

    private static void Measure(string name, string[] lines, Func<string, bool> action)
    {
        var hits = 0;
        foreach (var line in lines.AsSpan(0, Math.Min(20000, lines.Length)))
        {
            hits += action(line) ? 1 : 0;
        }

        var stopwatch = Stopwatch.StartNew();
        hits = 0;
        foreach (var line in lines)
        {
            hits += action(line) ? 1 : 0;
        }

        Console.WriteLine($"{name,-50} {lines.Length / stopwatch.Elapsed.TotalSeconds,12:N0} lines/s  ({hits} hits)");
    }
}
