using System.Diagnostics;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Benchmarks.Parsing;

/// <summary>Single-threaded breakdown of where parse time goes: <c>-- profile-parse FILE PATTERNS</c>.</summary>
internal static class ParseProfile
{
    /// <summary><c>-- profile-load PATTERNS</c>: where a cold pattern load spends its time (run it in a fresh process).</summary>
    public static void Load(string patternsDirectory)
    {
        var total = Stopwatch.StartNew();
        var diagnostics = new FactorioIsr.Configuration.Diagnostics();
        var definitions = PatternFileLoader.LoadDirectory(patternsDirectory, diagnostics);
        var read = total.Elapsed;
        var compiled = PatternCompiler.Compile(definitions, diagnostics);
        var compile = total.Elapsed - read;
        _ = PatternSet.Create(compiled);
        Console.WriteLine($"read YAML {read.TotalMilliseconds:F1} ms, compile {compiled.Count} patterns {compile.TotalMilliseconds:F1} ms, index {(total.Elapsed - read - compile).TotalMilliseconds:F1} ms");
    }

    public static void Run(string file, string patternsDirectory)
    {
        var load = Stopwatch.StartNew();
        var (set, _) = PatternSet.Load(patternsDirectory);
        Console.WriteLine($"load patterns (cold) {load.Elapsed.TotalMilliseconds,8:F1} ms");
        foreach (var pattern in set!.Patterns)
        {
            var prepare = Stopwatch.StartNew();
            pattern.Prepare();
            Console.WriteLine($"prepare {pattern.Name,-20} (cold, fast={pattern.UsesFastPath}) {prepare.Elapsed.TotalMilliseconds,8:F1} ms");
        }

        var lines = File.ReadAllLines(file);
        Measure("match only (cold)", lines, line => set!.Match(LogSourceKind.Console, line) is not null);
        Measure("match only (warm)", lines, line => set!.Match(LogSourceKind.Console, line) is not null);
        Measure("match+render", lines, line => set!.Match(LogSourceKind.Console, line) is { } m && EventRenderer.Render(m, "s", line).Length > 0);
        foreach (var pattern in set!.For(LogSourceKind.Console))
        {
            Measure($"{pattern.Name} Match (fast={pattern.UsesFastPath})", lines, line => pattern.Match(line).Success);
            Measure($"{pattern.Name} prefilter", lines, line => pattern.RequiredLiteral is null || line.Contains(pattern.RequiredLiteral, StringComparison.OrdinalIgnoreCase));
        }

        foreach (var (label, filter) in new (string, Func<string, bool>)[]
        {
            ("chat lines", l => l.Contains("[CHAT]", StringComparison.Ordinal)),
            ("join lines", l => l.Contains("[JOIN]", StringComparison.Ordinal)),
            ("unmatched lines", l => set.Match(LogSourceKind.Console, l) is null),
            ("non-ascii lines", l => !System.Text.Ascii.IsValid(l)),
        })
        {
            var subset = lines.Where(filter).ToArray();
            Measure($"set.Match on {label} ({subset.Length})", subset, line => set.Match(LogSourceKind.Console, line) is not null);
        }

        var chatLine = "2025-11-18 01:56:20 [CHAT] Alice: hello everyone! anyone up for trains at the main bus";
        var chat = set.For(LogSourceKind.Console).First(p => p.Name == "chat");
        var repeated = Enumerable.Repeat(chatLine, 200_000).ToArray();
        Measure("one chat line: set.Match", repeated, line => set.Match(LogSourceKind.Console, line) is not null);
        Measure("one chat line: chat pattern Match", repeated, line => chat.Match(line).Success);
        Measure("one chat line: chat linear Regex.IsMatch", repeated, line => chat.Regex.IsMatch(line));
        Measure("one chat line: render", repeated, line => EventRenderer.Render(set.Match(LogSourceKind.Console, line)!, "s", line).Length > 0);
        Measure("one chat line: ascii check", repeated, line => System.Text.Ascii.IsValid(line));
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
