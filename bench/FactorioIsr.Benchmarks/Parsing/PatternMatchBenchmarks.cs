using BenchmarkDotNet.Attributes;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Benchmarks.Parsing;

/// <summary>
/// The matcher on representative console lines: the shipped vanilla pack with its backtracking fast path,
/// and the same patterns on the linear-time engine only (the fallback), side by side.
/// </summary>
[MemoryDiagnoser]
public class PatternMatchBenchmarks
{
    private static readonly string[] Lines =
    [
        "2025-11-18 01:56:20 [CHAT] Alice: hello everyone! anyone up for *trains* at [gps=98,69]?",
        "2025-11-18 01:56:09 [JOIN] Dr.Gadorcha joined the game",
        "2025-11-18 01:58:30 [KICK] gustosmYl was kicked by Alice. Reason: spamming.",
        "2025-11-18 01:57:16 [WARNING] Using Lua console commands will disable achievements. Please repeat the command to proceed.",
        "Script @__some-mod__/control.lua:123: something happened",
    ];

    private PatternSet _fast = null!;
    private PatternSet _linear = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "patterns");
        _fast = PatternSet.Load(directory).Set!;
        var diagnostics = new FactorioIsr.Configuration.Diagnostics();
        var definitions = PatternFileLoader.LoadDirectory(directory, diagnostics);

        // Exponential-shape patterns never get the fast path; make every pattern look like one for the baseline.
        _linear = PatternSet.Create(PatternCompiler.Compile(definitions, diagnostics).Select(ForceLinear));
    }

    private static CompiledPattern ForceLinear(CompiledPattern pattern) =>
        new(pattern.Definition, new System.Text.RegularExpressions.Regex(PythonRegex.Scan(pattern.Definition.Pattern).DotNetPattern, PatternCompiler.Options & ~System.Text.RegularExpressions.RegexOptions.NonBacktracking),
            PythonRegex.Scan(pattern.Definition.Pattern) with { Shape = new RegexShape(Exponential: true, RegexShape.Unknown) }, pattern.Template);

    [Benchmark(Baseline = true, Description = "linear engine only")]
    public int LinearOnly() => MatchAll(_linear);

    [Benchmark(Description = "fast path (shipped)")]
    public int FastPath() => MatchAll(_fast);

    [Benchmark(Description = "fast path + render")]
    public int FastPathAndRender()
    {
        var length = 0;
        foreach (var line in Lines)
        {
            if (_fast.Match(LogSourceKind.Console, line) is { } match)
            {
                length += EventRenderer.Render(match, "main", line).Length;
            }
        }

        return length;
    }

    private static int MatchAll(PatternSet set)
    {
        var hits = 0;
        foreach (var line in Lines)
        {
            hits += set.Match(LogSourceKind.Console, line) is null ? 0 : 1;
        }

        return hits;
    }
}
